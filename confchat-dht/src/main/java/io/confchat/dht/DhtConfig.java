package io.confchat.dht;

import io.confchat.dht.internal.wire.WireLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of a node (docs/architecture.md#parameters): immutable, made by a {@link Builder}
 * (which can grow new settings without breaking callers); {@link #defaults()} are the protocol's
 * defaults. Thread-safe.
 *
 * <pre>{@code
 * DhtConfig config = DhtConfig.builder().k(8).replicationInterval(Duration.ofMinutes(10)).build();
 * DhtConfig quicker = config.toBuilder().valueQuorum(0).build();
 * }</pre>
 */
public final class DhtConfig {
    /** The default {@link #valueQuorum}. */
    public static final int DEFAULT_VALUE_QUORUM = 3;

    /** The settings, in a builder nobody else holds (never changed after {@link Builder#build}). */
    private final Builder v;

    private DhtConfig(Builder b) {
        this.v = b.copy();
    }

    /**
     * k = 20, alpha = 3, RPC timeout adaptive in [50 ms, 2 s], refresh and replication hourly, a
     * get ends when the 3 closest agree.
     */
    public static DhtConfig defaults() {
        return builder().build();
    }

    /** A builder holding the {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return v.copy();
    }

    /** Bucket size and replication factor. */
    public int k() {
        return v.k;
    }

    /** Parallel queries per lookup. */
    public int alpha() {
        return v.alpha;
    }

    /** Floor of the adaptive RPC timeout. */
    public Duration minRpcTimeout() {
        return v.minRpcTimeout;
    }

    /** Cap of the adaptive RPC timeout (and the timeout before any round trip was measured). */
    public Duration maxRpcTimeout() {
        return v.maxRpcTimeout;
    }

    /** Timeout of an RPC that travels over TCP (connection set-up included). */
    public Duration streamTimeout() {
        return v.streamTimeout;
    }

    /** A bucket without lookups or changes for this long is refreshed. */
    public Duration bucketRefresh() {
        return v.bucketRefresh;
    }

    /** How often expired records are purged and idle buckets checked. */
    public Duration maintenanceInterval() {
        return v.maintenanceInterval;
    }

    /** How often a storing node re-sends its records to the k closest nodes. */
    public Duration replicationInterval() {
        return v.replicationInterval;
    }

    /**
     * Longest interval between a publisher's re-puts of its own records (shorter for records whose
     * ttl is short, see {@link Publication}).
     */
    public Duration republishInterval() {
        return v.republishInterval;
    }

    /** Lifetime of a write-token epoch; a token is valid for one to two epochs. */
    public Duration tokenEpoch() {
        return v.tokenEpoch;
    }

    /** A put fails unless at least this many of the k closest nodes stored the record. */
    public int minStoreAcks() {
        return v.minStoreAcks;
    }

    /** How much this node stores for others. */
    public StorageQuotas quotas() {
        return v.quotas;
    }

    /** How many verified signatures to remember. */
    public int verifiedCacheSize() {
        return v.verifiedCacheSize;
    }

    /**
     * A get ends once this many of the closest nodes that answered in time returned the same,
     * non-empty set of records, instead of waiting for all k; 0 (or more than k) always waits for
     * the k closest.
     */
    public int valueQuorum() {
        return v.valueQuorum;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DhtConfig c && v.values().equals(c.v.values());
    }

    @Override
    public int hashCode() {
        return v.values().hashCode();
    }

    @Override
    public String toString() {
        return "DhtConfig" + v.values();
    }

    /**
     * Builds a {@link DhtConfig}; starts from the defaults, every setting is optional and the
     * whole is checked by {@link #build()}. Not thread-safe.
     */
    public static final class Builder {
        private int k = 20;
        private int alpha = 3;
        private Duration minRpcTimeout = Duration.ofMillis(50);
        private Duration maxRpcTimeout = Duration.ofSeconds(2);
        private Duration streamTimeout = Duration.ofSeconds(5);
        private Duration bucketRefresh = Duration.ofHours(1);
        private Duration maintenanceInterval = Duration.ofMinutes(1);
        private Duration replicationInterval = Duration.ofHours(1);
        private Duration republishInterval = Duration.ofHours(1);
        private Duration tokenEpoch = Duration.ofMinutes(5);
        private int minStoreAcks = 1;
        private StorageQuotas quotas = StorageQuotas.DEFAULT;
        private int verifiedCacheSize = 50_000;
        private int valueQuorum = DEFAULT_VALUE_QUORUM;

        private Builder() {}

        private Builder copy() {
            Builder b = new Builder();
            b.k = k;
            b.alpha = alpha;
            b.minRpcTimeout = minRpcTimeout;
            b.maxRpcTimeout = maxRpcTimeout;
            b.streamTimeout = streamTimeout;
            b.bucketRefresh = bucketRefresh;
            b.maintenanceInterval = maintenanceInterval;
            b.replicationInterval = replicationInterval;
            b.republishInterval = republishInterval;
            b.tokenEpoch = tokenEpoch;
            b.minStoreAcks = minStoreAcks;
            b.quotas = quotas;
            b.verifiedCacheSize = verifiedCacheSize;
            b.valueQuorum = valueQuorum;
            return b;
        }

        private java.util.List<Object> values() {
            return java.util.List.of(
                    k,
                    alpha,
                    minRpcTimeout,
                    maxRpcTimeout,
                    streamTimeout,
                    bucketRefresh,
                    maintenanceInterval,
                    replicationInterval,
                    republishInterval,
                    tokenEpoch,
                    minStoreAcks,
                    quotas,
                    verifiedCacheSize,
                    valueQuorum);
        }

        /** 20 by default; 1 to the contacts a reply carries on the wire. */
        public Builder k(int k) {
            this.k = k;
            return this;
        }

        /** 3 by default; at least 1. */
        public Builder alpha(int alpha) {
            this.alpha = alpha;
            return this;
        }

        /** 50 ms to 2 s by default; {@code min} not above {@code max}. */
        public Builder rpcTimeouts(Duration min, Duration max) {
            this.minRpcTimeout = Objects.requireNonNull(min, "min");
            this.maxRpcTimeout = Objects.requireNonNull(max, "max");
            return this;
        }

        /** 5 s by default. */
        public Builder streamTimeout(Duration timeout) {
            this.streamTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** 1 h by default; positive. */
        public Builder bucketRefresh(Duration interval) {
            this.bucketRefresh = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /** 1 min by default; positive. */
        public Builder maintenanceInterval(Duration interval) {
            this.maintenanceInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /** 1 h by default; positive. */
        public Builder replicationInterval(Duration interval) {
            this.replicationInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /** 1 h by default; positive. */
        public Builder republishInterval(Duration interval) {
            this.republishInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /** 5 min by default. */
        public Builder tokenEpoch(Duration epoch) {
            this.tokenEpoch = Objects.requireNonNull(epoch, "epoch");
            return this;
        }

        /** 1 by default; at least 1. */
        public Builder minStoreAcks(int acks) {
            this.minStoreAcks = acks;
            return this;
        }

        /** {@link StorageQuotas#DEFAULT} by default. */
        public Builder quotas(StorageQuotas quotas) {
            this.quotas = Objects.requireNonNull(quotas, "quotas");
            return this;
        }

        /** 50,000 by default; 0 remembers none. */
        public Builder verifiedCacheSize(int size) {
            this.verifiedCacheSize = size;
            return this;
        }

        /** {@value DhtConfig#DEFAULT_VALUE_QUORUM} by default; 0 waits for all k. */
        public Builder valueQuorum(int quorum) {
            this.valueQuorum = quorum;
            return this;
        }

        /**
         * The settings.
         *
         * @throws IllegalArgumentException naming the setting out of its range
         */
        public DhtConfig build() {
            if (k < 1 || alpha < 1 || minStoreAcks < 1) {
                throw new IllegalArgumentException("k, alpha and minStoreAcks must be at least 1");
            }
            if (verifiedCacheSize < 0 || valueQuorum < 0) {
                throw new IllegalArgumentException("verifiedCacheSize and valueQuorum must not be negative");
            }
            if (k > WireLimits.MAX_CONTACTS) {
                throw new IllegalArgumentException(
                        "k must be at most " + WireLimits.MAX_CONTACTS + " (contacts per reply on the wire)");
            }
            if (minRpcTimeout.compareTo(maxRpcTimeout) > 0) {
                throw new IllegalArgumentException("minRpcTimeout must not exceed maxRpcTimeout");
            }
            for (Duration d :
                    new Duration[] {bucketRefresh, maintenanceInterval, replicationInterval, republishInterval}) {
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("intervals must be positive");
                }
            }
            return new DhtConfig(this);
        }
    }
}
