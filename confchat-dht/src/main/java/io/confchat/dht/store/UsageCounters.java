package io.confchat.dht.store;

import io.confchat.api.DhtKey;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * The record counts and byte totals a store keeps for its quotas, by key, owner, source, type and
 * key with source or owner, so that every question a quota asks costs a few map look-ups whatever
 * the store holds. Not thread-safe: the store guards it with its own lock.
 */
final class UsageCounters {
    private record KeySource(DhtKey key, String source) {}

    private record KeyOwner(DhtKey key, ByteBuffer owner) {}

    private final Map<DhtKey, Long> keyBytes = new HashMap<>();
    private final Map<DhtKey, Integer> keyCounts = new HashMap<>();
    private final Map<ByteBuffer, Long> ownerBytes = new HashMap<>();
    private final Map<ByteBuffer, Integer> ownerCounts = new HashMap<>();
    private final Map<String, Long> sourceBytes = new HashMap<>();
    private final Map<String, Integer> sourceCounts = new HashMap<>();
    private final Map<String, Long> typeBytes = new HashMap<>();
    private final Map<KeySource, Long> keySourceBytes = new HashMap<>();
    private final Map<KeyOwner, Long> keyOwnerBytes = new HashMap<>();
    private long totalBytes;
    private int size;

    /** Counts a record in ({@code sign} = 1) or out ({@code sign} = -1). */
    void count(StoredRecord s, int sign) {
        var r = s.record();
        long bytes = (long) sign * s.sizeBytes();
        ByteBuffer owner = ByteBuffer.wrap(r.ownerPublicKey());
        add(keyBytes, r.key(), bytes);
        add(keyCounts, r.key(), sign);
        add(ownerBytes, owner, bytes);
        add(ownerCounts, owner, sign);
        add(sourceBytes, s.source(), bytes);
        add(sourceCounts, s.source(), sign);
        add(typeBytes, r.type(), bytes);
        add(keySourceBytes, new KeySource(r.key(), s.source()), bytes);
        add(keyOwnerBytes, new KeyOwner(r.key(), owner), bytes);
        totalBytes += bytes;
        size += sign;
    }

    StoreUsage usage(DhtKey key, byte[] owner, String source, String type) {
        ByteBuffer o = ByteBuffer.wrap(owner.clone());
        return new StoreUsage(
                totalBytes,
                keyBytes.getOrDefault(key, 0L),
                keySourceBytes.getOrDefault(new KeySource(key, source), 0L),
                keyOwnerBytes.getOrDefault(new KeyOwner(key, o), 0L),
                ownerBytes.getOrDefault(o, 0L),
                sourceBytes.getOrDefault(source, 0L),
                typeBytes.getOrDefault(type, 0L));
    }

    int countByKey(DhtKey key) {
        return keyCounts.getOrDefault(key, 0);
    }

    int countByOwner(byte[] owner) {
        return ownerCounts.getOrDefault(ByteBuffer.wrap(owner.clone()), 0);
    }

    int countBySource(String source) {
        return sourceCounts.getOrDefault(source, 0);
    }

    int size() {
        return size;
    }

    java.util.Set<DhtKey> keys() {
        return java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(keyCounts.keySet()));
    }

    private static <K> void add(Map<K, Long> map, K key, long delta) {
        map.merge(key, delta, (a, b) -> a + b == 0 ? null : a + b);
    }

    private static <K> void add(Map<K, Integer> map, K key, int delta) {
        map.merge(key, delta, (a, b) -> a + b == 0 ? null : a + b);
    }
}
