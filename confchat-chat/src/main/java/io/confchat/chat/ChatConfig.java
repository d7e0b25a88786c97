package io.confchat.chat;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link io.confchat.api.chat.ChatClient}; immutable, changed through withers.
 *
 * @param bcryptCost bcrypt cost of new accounts' password keys (2^cost rounds): 12 by default,
 *     at least 12 in production; tests may go down to 4
 * @param presenceTtl lifetime of each presence record: a client that vanishes shows offline
 *     this long after its last record
 * @param presenceInterval time between presence records while logged in; less than the ttl
 * @param inboxPollInterval time between checks of the inbox (new messages) and of the outbox
 *     (acknowledgements, re-puts) while logged in
 * @param allowDemoPasswords accept passwords shorter than the policy's minimum, for the
 *     original's demo accounts only
 */
public record ChatConfig(
        int bcryptCost,
        Duration presenceTtl,
        Duration presenceInterval,
        Duration inboxPollInterval,
        boolean allowDemoPasswords) {
    /** Lowest cost accepted at all (tests only); production defaults to 12. */
    public static final int MIN_BCRYPT_COST = 4;

    public ChatConfig {
        if (bcryptCost < MIN_BCRYPT_COST || bcryptCost > 16) {
            throw new IllegalArgumentException("bcrypt cost must be 4..16, got " + bcryptCost);
        }
        Objects.requireNonNull(presenceTtl, "presenceTtl");
        Objects.requireNonNull(presenceInterval, "presenceInterval");
        Objects.requireNonNull(inboxPollInterval, "inboxPollInterval");
        if (presenceInterval.compareTo(presenceTtl) >= 0
                || presenceInterval.isNegative()
                || presenceInterval.isZero()) {
            throw new IllegalArgumentException("presence interval must be positive and shorter than the presence ttl");
        }
        if (presenceTtl.compareTo(Duration.ofMinutes(10)) > 0 || presenceTtl.toSeconds() < 1) {
            throw new IllegalArgumentException("presence ttl must be 1 s to 10 min");
        }
        if (inboxPollInterval.isNegative() || inboxPollInterval.isZero()) {
            throw new IllegalArgumentException("inbox poll interval must be positive");
        }
    }

    /** bcrypt cost 12, presence every minute living two, inbox checked every 30 s. */
    public static ChatConfig defaults() {
        return new ChatConfig(12, Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofSeconds(30), false);
    }

    public ChatConfig withBcryptCost(int cost) {
        return new ChatConfig(cost, presenceTtl, presenceInterval, inboxPollInterval, allowDemoPasswords);
    }

    public ChatConfig withPresence(Duration ttl, Duration interval) {
        return new ChatConfig(bcryptCost, ttl, interval, inboxPollInterval, allowDemoPasswords);
    }

    public ChatConfig withInboxPollInterval(Duration interval) {
        return new ChatConfig(bcryptCost, presenceTtl, presenceInterval, interval, allowDemoPasswords);
    }

    public ChatConfig withDemoPasswords(boolean allow) {
        return new ChatConfig(bcryptCost, presenceTtl, presenceInterval, inboxPollInterval, allow);
    }
}
