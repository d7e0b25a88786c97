package io.confchat.chat;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link io.confchat.api.chat.ChatClient}: immutable, made by a {@link Builder}
 * (which can grow new settings without breaking callers). Every timer of the chat layer takes its
 * duration from here.
 *
 * <pre>{@code
 * ChatConfig config = ChatConfig.builder().bcryptCost(12).conversationWindow(1000).build();
 * }</pre>
 */
public final class ChatConfig {
    /** Lowest bcrypt cost accepted at all (tests only); production defaults to 12. */
    public static final int MIN_BCRYPT_COST = 4;

    private final int bcryptCost;
    private final Duration presenceTtl;
    private final Duration presenceInterval;
    private final Duration inboxPollInterval;
    private final boolean allowDemoPasswords;
    private final Duration handshakeTimeout;
    private final Duration ackTimeout;
    private final Duration dialTimeout;
    private final Duration logoutTimeout;
    private final int conversationWindow;
    private final int historyRetentionChunks;
    private final Duration historySaveInterval;
    private final Duration historyFlushInterval;
    private final Duration retryDelay;
    private final Duration refreshRecordsOlderThan;
    private final Duration refreshCheckInterval;

    private ChatConfig(Builder b) {
        this.bcryptCost = b.bcryptCost;
        this.presenceTtl = b.presenceTtl;
        this.presenceInterval = b.presenceInterval;
        this.inboxPollInterval = b.inboxPollInterval;
        this.allowDemoPasswords = b.allowDemoPasswords;
        this.handshakeTimeout = b.handshakeTimeout;
        this.ackTimeout = b.ackTimeout;
        this.dialTimeout = b.dialTimeout;
        this.logoutTimeout = b.logoutTimeout;
        this.conversationWindow = b.conversationWindow;
        this.historyRetentionChunks = b.historyRetentionChunks;
        this.historySaveInterval = b.historySaveInterval;
        this.historyFlushInterval = b.historyFlushInterval;
        this.retryDelay = b.retryDelay;
        this.refreshRecordsOlderThan = b.refreshRecordsOlderThan;
        this.refreshCheckInterval = b.refreshCheckInterval;
    }

    /** The defaults: see each setting of {@link Builder}. */
    public static ChatConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** bcrypt cost of new accounts' password keys (2^cost rounds). */
    public int bcryptCost() {
        return bcryptCost;
    }

    /** Lifetime of each presence record: a vanished client shows offline this long after its last. */
    public Duration presenceTtl() {
        return presenceTtl;
    }

    /** Time between presence records while logged in. */
    public Duration presenceInterval() {
        return presenceInterval;
    }

    /** Time between checks of the inbox (new messages) and the outbox (acknowledgements). */
    public Duration inboxPollInterval() {
        return inboxPollInterval;
    }

    /** Whether passwords shorter than the policy's minimum are accepted (the demo users only). */
    public boolean allowDemoPasswords() {
        return allowDemoPasswords;
    }

    /** A session connection must finish its Noise handshake this long after it opened. */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** A text the peer has not acknowledged this long ends its session as lost (texts go on). */
    public Duration ackTimeout() {
        return ackTimeout;
    }

    /** A dial that has no session this long after it started gives up (the text goes to the inbox). */
    public Duration dialTimeout() {
        return dialTimeout;
    }

    /** Most time a logout (or close) waits for goodbyes and history saves before it goes on. */
    public Duration logoutTimeout() {
        return logoutTimeout;
    }

    /** Most messages an open conversation holds in memory; older ones stay in the history. */
    public int conversationWindow() {
        return conversationWindow;
    }

    /** Most 48 KiB chunks a conversation's history keeps in the DHT (older ones are dropped). */
    public int historyRetentionChunks() {
        return historyRetentionChunks;
    }

    /** Least time between two saves of a conversation that keeps filling chunks. */
    public Duration historySaveInterval() {
        return historySaveInterval;
    }

    /** Most time a message of a quiet conversation waits before it is saved. */
    public Duration historyFlushInterval() {
        return historyFlushInterval;
    }

    /** Wait before a failed history save is tried again. */
    public Duration retryDelay() {
        return retryDelay;
    }

    /**
     * A logged-in user's long-lived records (account, chat list, history) written longer ago than
     * this are written again, so they never reach the end of their year-long lifetime.
     */
    public Duration refreshRecordsOlderThan() {
        return refreshRecordsOlderThan;
    }

    /** Time between checks for records to refresh while logged in (one check at each login). */
    public Duration refreshCheckInterval() {
        return refreshCheckInterval;
    }

    /** Builds a {@link ChatConfig}; every setting is optional and checked by {@link #build()}. */
    public static final class Builder {
        private int bcryptCost = 12;
        private Duration presenceTtl = Duration.ofMinutes(2);
        private Duration presenceInterval = Duration.ofMinutes(1);
        private Duration inboxPollInterval = Duration.ofSeconds(30);
        private boolean allowDemoPasswords;
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration ackTimeout = Duration.ofSeconds(10);
        private Duration dialTimeout = Duration.ofSeconds(15);
        private Duration logoutTimeout = Duration.ofSeconds(10);
        private int conversationWindow = 500;
        private int historyRetentionChunks = 64;
        private Duration historySaveInterval = Duration.ofSeconds(5);
        private Duration historyFlushInterval = Duration.ofMinutes(1);
        private Duration retryDelay = Duration.ofSeconds(30);
        private Duration refreshRecordsOlderThan = Duration.ofDays(90);
        private Duration refreshCheckInterval = Duration.ofDays(1);

        private Builder() {}

        private Builder(ChatConfig c) {
            bcryptCost = c.bcryptCost;
            presenceTtl = c.presenceTtl;
            presenceInterval = c.presenceInterval;
            inboxPollInterval = c.inboxPollInterval;
            allowDemoPasswords = c.allowDemoPasswords;
            handshakeTimeout = c.handshakeTimeout;
            ackTimeout = c.ackTimeout;
            dialTimeout = c.dialTimeout;
            logoutTimeout = c.logoutTimeout;
            conversationWindow = c.conversationWindow;
            historyRetentionChunks = c.historyRetentionChunks;
            historySaveInterval = c.historySaveInterval;
            historyFlushInterval = c.historyFlushInterval;
            retryDelay = c.retryDelay;
            refreshRecordsOlderThan = c.refreshRecordsOlderThan;
            refreshCheckInterval = c.refreshCheckInterval;
        }

        /** 12 by default; at least 12 in production, tests may go down to {@value #MIN_BCRYPT_COST}. */
        public Builder bcryptCost(int cost) {
            this.bcryptCost = cost;
            return this;
        }

        /** 2 min living records, a new one every minute, by default; 1 s to 10 min ttl, interval less. */
        public Builder presence(Duration ttl, Duration interval) {
            this.presenceTtl = Objects.requireNonNull(ttl, "ttl");
            this.presenceInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /** 30 s by default. */
        public Builder inboxPollInterval(Duration interval) {
            this.inboxPollInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /** Off by default: only the original's demo users need passwords like {@code 123}. */
        public Builder allowDemoPasswords(boolean allow) {
            this.allowDemoPasswords = allow;
            return this;
        }

        /** 10 s by default. */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** 10 s by default: the session is checked every half of it. */
        public Builder ackTimeout(Duration timeout) {
            this.ackTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** 15 s by default. */
        public Builder dialTimeout(Duration timeout) {
            this.dialTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** 10 s by default. */
        public Builder logoutTimeout(Duration timeout) {
            this.logoutTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** 500 messages by default; 1 to 100,000. */
        public Builder conversationWindow(int messages) {
            this.conversationWindow = messages;
            return this;
        }

        /** 64 chunks (about 20,000 short texts) by default; 1 to 232. */
        public Builder historyRetentionChunks(int chunks) {
            this.historyRetentionChunks = chunks;
            return this;
        }

        /** 5 s by default: a conversation that fills chunks faster is saved at most this often. */
        public Builder historySaveInterval(Duration interval) {
            this.historySaveInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /** 1 min by default. */
        public Builder historyFlushInterval(Duration interval) {
            this.historyFlushInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /** 30 s by default. */
        public Builder retryDelay(Duration delay) {
            this.retryDelay = Objects.requireNonNull(delay, "delay");
            return this;
        }

        /**
         * 90 days and 1 day by default: records older than {@code olderThan} are written again at
         * login and at checks every {@code checkEvery}; {@code olderThan} at most 300 days (records
         * live 365), {@code checkEvery} shorter than it.
         */
        public Builder refreshRecords(Duration olderThan, Duration checkEvery) {
            this.refreshRecordsOlderThan = Objects.requireNonNull(olderThan, "olderThan");
            this.refreshCheckInterval = Objects.requireNonNull(checkEvery, "checkEvery");
            return this;
        }

        /**
         * The settings.
         *
         * @throws IllegalArgumentException naming the setting out of its range
         */
        public ChatConfig build() {
            if (bcryptCost < MIN_BCRYPT_COST || bcryptCost > 16) {
                throw new IllegalArgumentException("bcrypt cost must be 4..16, got " + bcryptCost);
            }
            if (presenceTtl.compareTo(Duration.ofMinutes(10)) > 0 || presenceTtl.toSeconds() < 1) {
                throw new IllegalArgumentException("presence ttl must be 1 s to 10 min");
            }
            if (!isPositive(presenceInterval) || presenceInterval.compareTo(presenceTtl) >= 0) {
                throw new IllegalArgumentException(
                        "presence interval must be positive and shorter than the presence ttl");
            }
            if (conversationWindow < 1 || conversationWindow > 100_000) {
                throw new IllegalArgumentException("conversation window must be 1..100000 messages");
            }
            if (historyRetentionChunks < 1 || historyRetentionChunks > 232) {
                throw new IllegalArgumentException("history retention must be 1..232 chunks");
            }
            if (!isPositive(refreshRecordsOlderThan)
                    || refreshRecordsOlderThan.compareTo(Duration.ofDays(300)) > 0
                    || refreshCheckInterval.compareTo(refreshRecordsOlderThan) >= 0) {
                throw new IllegalArgumentException(
                        "records must be refreshed when older than 0 to 300 days," + " checked more often than that");
            }
            for (Duration d : new Duration[] {
                inboxPollInterval,
                handshakeTimeout,
                ackTimeout,
                dialTimeout,
                logoutTimeout,
                historySaveInterval,
                historyFlushInterval,
                retryDelay,
                refreshCheckInterval
            }) {
                if (!isPositive(d)) {
                    throw new IllegalArgumentException("every interval and timeout must be positive, got " + d);
                }
            }
            return new ChatConfig(this);
        }

        private static boolean isPositive(Duration d) {
            return !d.isNegative() && !d.isZero();
        }
    }
}
