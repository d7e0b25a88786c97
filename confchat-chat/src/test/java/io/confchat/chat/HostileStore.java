package io.confchat.chat;

import io.confchat.api.DhtKey;
import io.confchat.api.SignedRecord;
import io.confchat.dht.store.InMemoryRecordStore;
import io.confchat.dht.store.RecordStore;
import io.confchat.dht.store.StoreUsage;
import io.confchat.dht.store.StoredRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The record store of a storing node run by an attacker. Honest until a test scripts it; then,
 * for the keys it is told, the node answers what the attacker wants: records of its own keys
 * besides the genuine ones ({@link #alsoServe}), other records in place of the genuine ones
 * (old ones replayed, or a forged set: {@link #serveInstead}), or nothing of some record types
 * ({@link #withhold}). The node itself runs unchanged: it proves its id, routes, and answers
 * from this store; what it holds also goes out in its republishing, where honest nodes judge it.
 */
final class HostileStore implements RecordStore {
    private static final String SOURCE = "attacker";

    private final InMemoryRecordStore held = new InMemoryRecordStore();
    private final Map<DhtKey, List<SignedRecord>> extra = new ConcurrentHashMap<>();
    private final Map<DhtKey, List<SignedRecord>> instead = new ConcurrentHashMap<>();
    private final Set<String> withheld = ConcurrentHashMap.newKeySet();
    private final Map<DhtKey, java.util.concurrent.atomic.AtomicInteger> reads = new ConcurrentHashMap<>();

    /** Serves {@code r} under its key besides whatever is stored there. */
    void alsoServe(SignedRecord r) {
        extra.computeIfAbsent(r.key(), k -> new CopyOnWriteArrayList<>()).add(r);
    }

    /** Serves exactly {@code records} under {@code key}, whatever honest nodes store there later. */
    void serveInstead(DhtKey key, List<SignedRecord> records) {
        instead.put(key, List.copyOf(records));
    }

    /** Never serves a record of {@code type}. */
    void withhold(String type) {
        withheld.add(type);
    }

    /** Serves records of {@code type} again. */
    void serve(String type) {
        withheld.remove(type);
    }

    /** What the node really holds, untouched by the script. */
    List<SignedRecord> genuine(DhtKey key) {
        return held.get(key).stream().map(StoredRecord::record).toList();
    }

    /** How many times the records under {@code key} were read from this store (lookups, mostly). */
    int reads(DhtKey key) {
        java.util.concurrent.atomic.AtomicInteger n = reads.get(key);
        return n == null ? 0 : n.get();
    }

    @Override
    public List<StoredRecord> get(DhtKey key) {
        reads.computeIfAbsent(key, k -> new java.util.concurrent.atomic.AtomicInteger())
                .incrementAndGet();
        List<StoredRecord> out = new ArrayList<>();
        List<SignedRecord> replaced = instead.get(key);
        if (replaced != null) {
            replaced.forEach(r -> out.add(forever(r)));
        } else {
            out.addAll(held.get(key));
            extra.getOrDefault(key, List.of()).forEach(r -> out.add(forever(r)));
        }
        out.removeIf(s -> withheld.contains(s.record().type()));
        return out;
    }

    private static StoredRecord forever(SignedRecord r) {
        return new StoredRecord(r, Instant.EPOCH, Instant.MAX, SOURCE);
    }

    @Override
    public Optional<StoredRecord> get(DhtKey key, byte[] owner, byte[] slot) {
        return held.get(key, owner, slot);
    }

    @Override
    public void put(StoredRecord record) {
        held.put(record);
    }

    @Override
    public boolean remove(DhtKey key, byte[] owner, byte[] slot) {
        return held.remove(key, owner, slot);
    }

    @Override
    public int purgeExpired(Instant now) {
        return held.purgeExpired(now);
    }

    @Override
    public int countByKey(DhtKey key) {
        return held.countByKey(key);
    }

    @Override
    public int countByOwner(byte[] owner) {
        return held.countByOwner(owner);
    }

    @Override
    public int countBySource(String source) {
        return held.countBySource(source);
    }

    @Override
    public int size() {
        return held.size();
    }

    @Override
    public StoreUsage usage(DhtKey key, byte[] owner, String source, String type) {
        return held.usage(key, owner, source, type);
    }

    @Override
    public Set<DhtKey> keys() {
        Set<DhtKey> keys = new java.util.HashSet<>(held.keys());
        keys.addAll(extra.keySet());
        keys.addAll(instead.keySet());
        return keys;
    }

    @Override
    public void close() {
        held.close();
    }
}
