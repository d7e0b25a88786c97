package io.confchat.dht;

import io.confchat.dht.internal.storage.StorageQuotas;
import io.confchat.dht.internal.wire.WireLimits;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Tunables of a node (docs/architecture.md#parameters); {@link #defaults()} are the protocol's
 * defaults. Immutable: each {@code with...} returns a copy.
 *
 * @param k bucket size and replication factor
 * @param alpha parallel queries per lookup
 * @param minRpcTimeout floor of the adaptive RPC timeout
 * @param maxRpcTimeout cap of the adaptive RPC timeout (and the timeout before any round trip was
 *     measured)
 * @param streamTimeout timeout of an RPC that travels over TCP (connection set-up included)
 * @param bucketRefresh a bucket without lookups or changes for this long is refreshed
 * @param maintenanceInterval how often expired records are purged and idle buckets checked
 * @param replicationInterval how often a storing node re-sends its records to the k closest nodes
 * @param republishInterval longest interval between a publisher's re-puts of its own records
 *     (shorter for records whose ttl is short, see {@link Publication})
 * @param tokenEpoch lifetime of a write-token epoch; a token is valid for one to two epochs
 * @param minStoreAcks a put fails unless at least this many of the k closest nodes stored the
 *     record
 * @param quotas how much this node stores for others
 * @param verifiedCacheSize how many verified signatures to remember
 * @param valueQuorum a get ends once this many of the closest nodes that answered in time returned
 *     the same, non-empty set of records, instead of waiting for all k; 0 (or more than k) always
 *     waits for the k closest
 */
public record DhtConfig(
        int k,
        int alpha,
        Duration minRpcTimeout,
        Duration maxRpcTimeout,
        Duration streamTimeout,
        Duration bucketRefresh,
        Duration maintenanceInterval,
        Duration replicationInterval,
        Duration republishInterval,
        Duration tokenEpoch,
        int minStoreAcks,
        StorageQuotas quotas,
        int verifiedCacheSize,
        int valueQuorum) {

    /** The default {@link #valueQuorum}. */
    public static final int DEFAULT_VALUE_QUORUM = 3;

    public DhtConfig {
        if (k < 1 || alpha < 1 || minStoreAcks < 1 || verifiedCacheSize < 0) {
            throw new IllegalArgumentException("k, alpha and minStoreAcks must be at least 1");
        }
        if (valueQuorum < 0) {
            throw new IllegalArgumentException("valueQuorum must not be negative");
        }
        if (k > WireLimits.MAX_CONTACTS) {
            throw new IllegalArgumentException(
                    "k must be at most " + WireLimits.MAX_CONTACTS + " (contacts per reply on the wire)");
        }
        if (minRpcTimeout.compareTo(maxRpcTimeout) > 0) {
            throw new IllegalArgumentException("minRpcTimeout must not exceed maxRpcTimeout");
        }
        for (Duration d : new Duration[] {bucketRefresh, maintenanceInterval, replicationInterval, republishInterval}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("intervals must be positive");
            }
        }
    }

    /**
     * k = 20, alpha = 3, RPC timeout adaptive in [50 ms, 2 s], refresh and replication hourly, a
     * get ends when the 3 closest agree.
     */
    public static DhtConfig defaults() {
        return new DhtConfig(
                20,
                3,
                Duration.ofMillis(50),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                Duration.ofHours(1),
                Duration.ofMinutes(1),
                Duration.ofHours(1),
                Duration.ofHours(1),
                Duration.ofMinutes(5),
                1,
                StorageQuotas.DEFAULT,
                50_000,
                DEFAULT_VALUE_QUORUM);
    }

    public DhtConfig withK(int k) {
        return edit(c -> c.k = k);
    }

    public DhtConfig withRpcTimeouts(Duration min, Duration max) {
        return edit(c -> {
            c.minRpcTimeout = min;
            c.maxRpcTimeout = max;
        });
    }

    public DhtConfig withReplicationInterval(Duration interval) {
        return edit(c -> c.replicationInterval = interval);
    }

    public DhtConfig withRepublishInterval(Duration interval) {
        return edit(c -> c.republishInterval = interval);
    }

    public DhtConfig withMinStoreAcks(int minStoreAcks) {
        return edit(c -> c.minStoreAcks = minStoreAcks);
    }

    public DhtConfig withVerifiedCacheSize(int verifiedCacheSize) {
        return edit(c -> c.verifiedCacheSize = verifiedCacheSize);
    }

    /** A copy whose gets end once {@code valueQuorum} of the closest agree; 0 waits for all k. */
    public DhtConfig withValueQuorum(int valueQuorum) {
        return edit(c -> c.valueQuorum = valueQuorum);
    }

    public DhtConfig withQuotas(StorageQuotas quotas) {
        return edit(c -> c.quotas = quotas);
    }

    /** A copy with one change, validated by the canonical constructor. */
    private DhtConfig edit(Consumer<Draft> change) {
        Draft d = new Draft(this);
        change.accept(d);
        return d.build();
    }

    /** The mutable copy the {@code with...} methods edit. */
    private static final class Draft {
        int k, alpha, minStoreAcks, verifiedCacheSize, valueQuorum;
        Duration minRpcTimeout, maxRpcTimeout, streamTimeout, bucketRefresh, maintenanceInterval;
        Duration replicationInterval, republishInterval, tokenEpoch;
        StorageQuotas quotas;

        Draft(DhtConfig c) {
            k = c.k;
            alpha = c.alpha;
            minRpcTimeout = c.minRpcTimeout;
            maxRpcTimeout = c.maxRpcTimeout;
            streamTimeout = c.streamTimeout;
            bucketRefresh = c.bucketRefresh;
            maintenanceInterval = c.maintenanceInterval;
            replicationInterval = c.replicationInterval;
            republishInterval = c.republishInterval;
            tokenEpoch = c.tokenEpoch;
            minStoreAcks = c.minStoreAcks;
            quotas = c.quotas;
            verifiedCacheSize = c.verifiedCacheSize;
            valueQuorum = c.valueQuorum;
        }

        DhtConfig build() {
            return new DhtConfig(
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
    }
}
