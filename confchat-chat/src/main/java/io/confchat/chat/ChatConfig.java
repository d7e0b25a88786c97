package io.confchat.chat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

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

    /** The settings, in a builder nobody else holds (never changed after {@link Builder#build}). */
    private final Builder v;

    private ChatConfig(Builder b) {
        this.v = b.copy();
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
        return v.copy();
    }

    /** bcrypt cost of new accounts' password keys (2^cost rounds). */
    public int bcryptCost() {
        return v.bcryptCost;
    }

    /** Lifetime of each presence record: a vanished client shows offline this long after its last. */
    public Duration presenceTtl() {
        return v.presenceTtl;
    }

    /** Time between presence records while logged in. */
    public Duration presenceInterval() {
        return v.presenceInterval;
    }

    /**
     * Where the client keeps what this device must not forget of each user (the messages shown,
     * those not yet saved to the history), in a journal per user sealed with the user's storage
     * key; empty (the default) to remember them only while the process runs.
     */
    public Optional<Path> dataDirectory() {
        return Optional.ofNullable(v.dataDirectory);
    }

    /** Time between checks of the inbox (new messages) and the outbox (acknowledgements). */
    public Duration inboxPollInterval() {
        return v.inboxPollInterval;
    }

    /** Whether passwords shorter than the policy's minimum are accepted (the demo users only). */
    public boolean allowDemoPasswords() {
        return v.allowDemoPasswords;
    }

    /** A session connection must finish its Noise handshake this long after it opened. */
    public Duration handshakeTimeout() {
        return v.handshakeTimeout;
    }

    /** A text the peer has not acknowledged this long ends its session as lost (texts go on). */
    public Duration ackTimeout() {
        return v.ackTimeout;
    }

    /** A dial that has no session this long after it started gives up (the text goes to the inbox). */
    public Duration dialTimeout() {
        return v.dialTimeout;
    }

    /** Most time a logout (or close) waits for goodbyes and history saves before it goes on. */
    public Duration logoutTimeout() {
        return v.logoutTimeout;
    }

    /** Most messages an open conversation holds in memory; older ones stay in the history. */
    public int conversationWindow() {
        return v.conversationWindow;
    }

    /** Most 48 KiB chunks a conversation's history keeps in the DHT (older ones are dropped). */
    public int historyRetentionChunks() {
        return v.historyRetentionChunks;
    }

    /** Least time between two saves of a conversation that keeps filling chunks. */
    public Duration historySaveInterval() {
        return v.historySaveInterval;
    }

    /** Most time a message of a quiet conversation waits before it is saved. */
    public Duration historyFlushInterval() {
        return v.historyFlushInterval;
    }

    /** Wait before a failed history save is tried again. */
    public Duration retryDelay() {
        return v.retryDelay;
    }

    /**
     * A logged-in user's long-lived records (account, chat list, history) written longer ago than
     * this are written again, so they never reach the end of their year-long lifetime.
     */
    public Duration refreshRecordsOlderThan() {
        return v.refreshRecordsOlderThan;
    }

    /** Time between checks for records to refresh while logged in (one check at each login). */
    public Duration refreshCheckInterval() {
        return v.refreshCheckInterval;
    }

    /** Builds a {@link ChatConfig}; every setting is optional and checked by {@link #build()}. */
    public static final class Builder {
        private int bcryptCost = 12;
        private Path dataDirectory;
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

        /** A builder with the same settings. */
        private Builder copy() {
            Builder b = new Builder();
            b.bcryptCost = bcryptCost;
            b.dataDirectory = dataDirectory;
            b.presenceTtl = presenceTtl;
            b.presenceInterval = presenceInterval;
            b.inboxPollInterval = inboxPollInterval;
            b.allowDemoPasswords = allowDemoPasswords;
            b.handshakeTimeout = handshakeTimeout;
            b.ackTimeout = ackTimeout;
            b.dialTimeout = dialTimeout;
            b.logoutTimeout = logoutTimeout;
            b.conversationWindow = conversationWindow;
            b.historyRetentionChunks = historyRetentionChunks;
            b.historySaveInterval = historySaveInterval;
            b.historyFlushInterval = historyFlushInterval;
            b.retryDelay = retryDelay;
            b.refreshRecordsOlderThan = refreshRecordsOlderThan;
            b.refreshCheckInterval = refreshCheckInterval;
            return b;
        }

        /** A directory of this device for each user's journal (created when missing); none by default. */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = Objects.requireNonNull(directory, "directory");
            return this;
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
            ChatConfig built = new ChatConfig(this);
            ChatConfigChecks.check(built);
            return built;
        }
    }
}
