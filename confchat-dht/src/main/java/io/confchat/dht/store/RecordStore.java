package io.confchat.dht.store;

import io.confchat.api.DhtKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where a node keeps the records it stores for the network: at most one record per (key, owner,
 * slot). A plain container: the node decides what to accept (signatures, sequence numbers,
 * quotas) before it calls {@link #put}. Implementations must be thread-safe; {@link
 * InMemoryRecordStore} is the default, a persistent one backs nodes with a data directory.
 */
public interface RecordStore extends AutoCloseable {

    /** Every record under {@code key}, expired ones included, in no particular order. */
    List<StoredRecord> get(DhtKey key);

    /** The record of {@code owner} in {@code slot} under {@code key}, if any. */
    Optional<StoredRecord> get(DhtKey key, byte[] owner, byte[] slot);

    /** Adds the record, replacing the one of the same key, owner and slot. */
    void put(StoredRecord record);

    /** Removes the record of the given key, owner and slot; true if there was one. */
    boolean remove(DhtKey key, byte[] owner, byte[] slot);

    /** Removes every record expired at {@code now}; returns how many. */
    int purgeExpired(Instant now);

    /** Number of records under {@code key}. */
    int countByKey(DhtKey key);

    /** Number of records owned by {@code owner} across all keys. */
    int countByOwner(byte[] owner);

    /** Number of records stored by {@code source} (see {@link StoredRecord#source()}). */
    int countBySource(String source);

    /** Total number of records. */
    int size();

    /**
     * The bytes held in total and in every part a candidate record of {@code key}, {@code owner},
     * {@code source} and {@code type} would join, for the quotas (see {@link StoreUsage}). Must
     * cost O(1), not a scan: it runs for every STORE.
     */
    StoreUsage usage(DhtKey key, byte[] owner, String source, String type);

    /** A snapshot of the keys with at least one record. */
    Set<DhtKey> keys();

    /** Releases resources; the store is unusable afterwards. */
    @Override
    void close();
}
