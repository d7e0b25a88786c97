package io.confchat.dht.store;

import io.confchat.api.DhtKey;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link RecordStore} in memory: the default for tests and for library users who want no files.
 * Lost when the process ends. Thread-safe through one lock; every operation is O(records of one
 * key) at most, apart from {@link #purgeExpired}.
 */
public final class InMemoryRecordStore implements RecordStore {
    private final Map<DhtKey, Map<ByteBuffer, StoredRecord>> byKey = new HashMap<>();
    private final UsageCounters usage = new UsageCounters();

    private static ByteBuffer slotId(byte[] owner, byte[] slot) {
        return ByteBuffer.wrap(ByteBuffer.allocate(owner.length + slot.length)
                .put(owner)
                .put(slot)
                .array());
    }

    @Override
    public synchronized List<StoredRecord> get(DhtKey key) {
        Map<ByteBuffer, StoredRecord> records = byKey.get(key);
        return records == null ? List.of() : List.copyOf(records.values());
    }

    @Override
    public synchronized Optional<StoredRecord> get(DhtKey key, byte[] owner, byte[] slot) {
        Map<ByteBuffer, StoredRecord> records = byKey.get(key);
        return records == null ? Optional.empty() : Optional.ofNullable(records.get(slotId(owner, slot)));
    }

    @Override
    public synchronized void put(StoredRecord stored) {
        var r = stored.record();
        StoredRecord old =
                byKey.computeIfAbsent(r.key(), k -> new HashMap<>()).put(slotId(r.ownerPublicKey(), r.slot()), stored);
        if (old != null) {
            usage.count(old, -1);
        }
        usage.count(stored, 1);
    }

    @Override
    public synchronized boolean remove(DhtKey key, byte[] owner, byte[] slot) {
        Map<ByteBuffer, StoredRecord> records = byKey.get(key);
        if (records == null) {
            return false;
        }
        StoredRecord old = records.remove(slotId(owner, slot));
        if (old == null) {
            return false;
        }
        if (records.isEmpty()) {
            byKey.remove(key);
        }
        usage.count(old, -1);
        return true;
    }

    @Override
    public synchronized int purgeExpired(Instant now) {
        List<StoredRecord> expired = new ArrayList<>();
        for (Map<ByteBuffer, StoredRecord> records : byKey.values()) {
            for (StoredRecord s : records.values()) {
                if (s.isExpired(now)) {
                    expired.add(s);
                }
            }
        }
        for (StoredRecord s : expired) {
            var r = s.record();
            remove(r.key(), r.ownerPublicKey(), r.slot());
        }
        return expired.size();
    }

    @Override
    public synchronized int countByKey(DhtKey key) {
        return usage.countByKey(key);
    }

    @Override
    public synchronized int countByOwner(byte[] owner) {
        return usage.countByOwner(owner);
    }

    @Override
    public synchronized int countBySource(String source) {
        return usage.countBySource(source);
    }

    @Override
    public synchronized int size() {
        return usage.size();
    }

    @Override
    public synchronized StoreUsage usage(DhtKey key, byte[] owner, String source, String type) {
        return usage.usage(key, owner, source, type);
    }

    @Override
    public synchronized Set<DhtKey> keys() {
        // not Set.copyOf: its iteration order changes from JVM to JVM (a salt), and replication
        // iterates this set, so a simulation's seed would not replay in another process
        return java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(byKey.keySet()));
    }

    @Override
    public void close() {
        // nothing to release
    }
}
