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
    private final Map<ByteBuffer, Integer> ownerCounts = new HashMap<>();
    private final Map<String, Integer> sourceCounts = new HashMap<>();
    private int size;

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
            uncount(old);
        } else {
            size++;
        }
        count(stored, 1);
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
        uncount(old);
        size--;
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
        Map<ByteBuffer, StoredRecord> records = byKey.get(key);
        return records == null ? 0 : records.size();
    }

    @Override
    public synchronized int countByOwner(byte[] owner) {
        return ownerCounts.getOrDefault(ByteBuffer.wrap(owner.clone()), 0);
    }

    @Override
    public synchronized int countBySource(String source) {
        return sourceCounts.getOrDefault(source, 0);
    }

    @Override
    public synchronized int size() {
        return size;
    }

    @Override
    public synchronized Set<DhtKey> keys() {
        return Set.copyOf(byKey.keySet());
    }

    @Override
    public void close() {
        // nothing to release
    }

    private void uncount(StoredRecord s) {
        count(s, -1);
    }

    private void count(StoredRecord s, int delta) {
        ownerCounts.merge(ByteBuffer.wrap(s.record().ownerPublicKey()), delta, (a, b) -> a + b == 0 ? null : a + b);
        sourceCounts.merge(s.source(), delta, (a, b) -> a + b == 0 ? null : a + b);
    }
}
