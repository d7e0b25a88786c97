package io.confchat.bench.support;

import io.confchat.dht.DhtConfig;

/**
 * How often a node re-verifies a record signature it has seen before. Every mode verifies every
 * signature at least once on every node that stores or reads the record; they differ only in the
 * size of the node's cache of verified (content, signature) hashes ({@code
 * DhtConfig.verifiedCacheSize}), which matters for reads: a get collects up to k byte-identical
 * copies of each record, one from each replica.
 */
public enum Verification {
    /** No cache: every copy of every record a node receives is verified (k verifications per get). */
    EVERY_COPY(0),
    /**
     * An 8-entry cache: a reader verifies each distinct record once per get (the other replicas'
     * copies match the hash), which is what the shipped configuration does for a record the node
     * has not read before. With 200 records read at random, fewer than 5% of gets find the record
     * still cached from an earlier get.
     */
    ONCE_PER_GET(8),
    /**
     * The shipped default (50,000 entries). When a benchmark reads the same few hundred records
     * over and over, readers soon verify nothing: a lower bound on read cost, not a typical one.
     */
    SHIPPED(DhtConfig.defaults().verifiedCacheSize());

    private final int cacheSize;

    Verification(int cacheSize) {
        this.cacheSize = cacheSize;
    }

    /** The size of the verified-signature cache in this mode. */
    public int cacheSize() {
        return cacheSize;
    }

    /** {@link DhtConfig#defaults()} with this mode's cache size. */
    public DhtConfig config() {
        return DhtConfig.builder().verifiedCacheSize(cacheSize).build();
    }
}
