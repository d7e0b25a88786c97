package io.confchat.chat;

import java.time.Duration;

/** The ranges of {@link ChatConfig}'s settings, checked when one is built. */
final class ChatConfigChecks {
    private ChatConfigChecks() {}

    /** @throws IllegalArgumentException naming the setting out of its range */
    static void check(ChatConfig c) {
        if (c.bcryptCost() < ChatConfig.MIN_BCRYPT_COST || c.bcryptCost() > 16) {
            throw new IllegalArgumentException("bcrypt cost must be 4..16, got " + c.bcryptCost());
        }
        if (c.presenceTtl().compareTo(Duration.ofMinutes(10)) > 0
                || c.presenceTtl().toSeconds() < 1) {
            throw new IllegalArgumentException("presence ttl must be 1 s to 10 min");
        }
        if (!isPositive(c.presenceInterval()) || c.presenceInterval().compareTo(c.presenceTtl()) >= 0) {
            throw new IllegalArgumentException("presence interval must be positive and shorter than the presence ttl");
        }
        if (c.conversationWindow() < 1 || c.conversationWindow() > 100_000) {
            throw new IllegalArgumentException("conversation window must be 1..100000 messages");
        }
        if (c.historyRetentionChunks() < 1 || c.historyRetentionChunks() > 232) {
            throw new IllegalArgumentException("history retention must be 1..232 chunks");
        }
        if (!isPositive(c.refreshRecordsOlderThan())
                || c.refreshRecordsOlderThan().compareTo(Duration.ofDays(300)) > 0
                || c.refreshCheckInterval().compareTo(c.refreshRecordsOlderThan()) >= 0) {
            throw new IllegalArgumentException(
                    "records must be refreshed when older than 0 to 300 days," + " checked more often than that");
        }
        for (Duration d : new Duration[] {
            c.inboxPollInterval(),
            c.handshakeTimeout(),
            c.ackTimeout(),
            c.dialTimeout(),
            c.logoutTimeout(),
            c.historySaveInterval(),
            c.historyFlushInterval(),
            c.retryDelay(),
            c.refreshCheckInterval()
        }) {
            if (!isPositive(d)) {
                throw new IllegalArgumentException("every interval and timeout must be positive, got " + d);
            }
        }
    }

    private static boolean isPositive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }
}
