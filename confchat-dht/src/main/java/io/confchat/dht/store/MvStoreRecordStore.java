package io.confchat.dht.store;

import io.confchat.api.ConfChatException;
import io.confchat.api.DhtKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RecordStore} kept in one H2 MVStore file per node, so a node still holds the records it
 * stored for the network after a restart.
 *
 * <p><b>Durability.</b> {@link #put}, {@link #remove} and {@link #purgeExpired} commit before they
 * return: once a STORE is acknowledged the record survives the death of the process, SIGKILL
 * included. That, not power loss, is the promise: the file is never forced to the disk, so an
 * operating-system crash or a power loss may lose recent writes or leave the file unreadable (it is
 * then moved aside, see below); records come back through republish and replication. If a write
 * fails (a full disk), the store closes itself and further calls throw {@link
 * IllegalStateException}.
 *
 * <p><b>Unreadable files.</b> {@link #open} never fails because of what is in the file: a corrupt
 * file, one of an unknown format version, or one H2 can no longer read is moved aside to {@code
 * <file>.unreadable-<millis>} (logged once) and the node starts empty. A single record that cannot
 * be decoded is dropped at open (logged once, with a count). A file already open in another process
 * is refused with a {@link ConfChatException}, never moved.
 *
 * <p><b>Thread-safety and cost.</b> Thread-safe: every operation holds the store's monitor. The
 * counts are kept in memory, rebuilt by one scan at open, so they cost O(1). {@link #purgeExpired}
 * walks an expiry index from its oldest entry, and may then spend up to 100 ms compacting the file.
 */
public final class MvStoreRecordStore implements RecordStore {
    private static final Logger log = LoggerFactory.getLogger(MvStoreRecordStore.class);
    private static final byte[] NO_VALUE = new byte[0];

    private final Path file;
    private final MVStore store;
    private final MVMap<byte[], byte[]> records;
    private final MVMap<byte[], byte[]> expiry;
    private final UsageCounters usage = new UsageCounters();
    private final DecodedRecords decoded = new DecodedRecords();
    private boolean closed;

    private MvStoreRecordStore(Path file, MVStore store) {
        this.file = file;
        this.store = store;
        this.records = store.openMap(MvStoreFile.RECORDS_MAP, MvStoreFile.bytesMap());
        this.expiry = store.openMap(MvStoreFile.EXPIRY_MAP, MvStoreFile.bytesMap());
    }

    /**
     * Opens the store in {@code file}, creating it and its directory if needed; moves an unreadable
     * file aside and starts empty (see the class comment).
     *
     * @throws ConfChatException if the file is in use by another process, or cannot be created or
     *     moved aside (a directory that is not writable, a full disk)
     */
    public static MvStoreRecordStore open(Path file) {
        Path path = file.toAbsolutePath();
        try {
            return load(path);
        } catch (RuntimeException e) {
            if (MvStoreFile.isLockedByAnotherProcess(e)) {
                throw new ConfChatException(
                        "record store " + path + " is in use by another process; give each node its own file", e);
            }
            if (!Files.exists(path)) {
                throw new ConfChatException("cannot create record store " + path + ": " + e, e);
            }
            Path aside = MvStoreFile.moveAside(path);
            log.warn(
                    "Record store {} is unreadable ({}); moved it to {} and starting empty: records come back"
                            + " through republish and replication",
                    path,
                    e.toString(),
                    aside.getFileName());
        }
        try {
            return load(path);
        } catch (RuntimeException e) {
            throw new ConfChatException("cannot create record store " + path + ": " + e, e);
        }
    }

    private static MvStoreRecordStore load(Path path) {
        MVStore store = MvStoreFile.open(path);
        try {
            MvStoreRecordStore opened = new MvStoreRecordStore(path, store);
            opened.rebuildCounts();
            return opened;
        } catch (RuntimeException e) {
            store.closeImmediately();
            throw e;
        }
    }

    private void rebuildCounts() {
        List<byte[]> undecodable = new ArrayList<>();
        Cursor<byte[], byte[]> cursor = records.cursor(null);
        while (cursor.hasNext()) {
            byte[] recordKey = cursor.next();
            try {
                StoredRecord stored = StoredRecordCodec.decode(cursor.getValue());
                if (!Arrays.equals(recordKey, MvStoreFile.recordKey(stored.record()))) {
                    throw new IllegalArgumentException("record filed under another key");
                }
                count(stored, 1);
            } catch (RuntimeException e) {
                undecodable.add(recordKey);
            }
        }
        if (!undecodable.isEmpty()) {
            // their expiry entries stay behind; purgeExpired drops entries without a record
            undecodable.forEach(records::remove);
            store.commit();
            log.warn("Dropped {} undecodable records from record store {}", undecodable.size(), file);
        }
    }

    @Override
    public synchronized List<StoredRecord> get(DhtKey key) {
        byte[] prefix = key.bytes();
        checkOpen();
        List<StoredRecord> found = new ArrayList<>();
        Cursor<byte[], byte[]> cursor = records.cursor(prefix);
        while (cursor.hasNext()) {
            byte[] recordKey = cursor.next();
            if (!MvStoreFile.hasKeyPrefix(recordKey, prefix)) {
                break;
            }
            StoredRecord known = decoded.get(recordKey);
            if (known == null) {
                known = decode(cursor.getValue());
                decoded.put(recordKey, known);
            }
            found.add(known);
        }
        return List.copyOf(found);
    }

    @Override
    public synchronized Optional<StoredRecord> get(DhtKey key, byte[] owner, byte[] slot) {
        checkOpen();
        if (!MvStoreFile.isValid(owner, slot)) {
            return Optional.empty();
        }
        return Optional.ofNullable(find(MvStoreFile.recordKey(key, owner, slot)));
    }

    @Override
    public synchronized void put(StoredRecord stored) {
        byte[] value = StoredRecordCodec.encode(stored);
        byte[] recordKey = MvStoreFile.recordKey(stored.record());
        checkOpen();
        StoredRecord old = find(recordKey);
        records.put(recordKey, value);
        decoded.put(recordKey, stored);
        if (old != null) {
            expiry.remove(expiryKey(old, recordKey));
        }
        expiry.put(expiryKey(stored, recordKey), NO_VALUE);
        commit();
        if (old != null) {
            count(old, -1);
        }
        count(stored, 1);
    }

    @Override
    public synchronized boolean remove(DhtKey key, byte[] owner, byte[] slot) {
        checkOpen();
        if (!MvStoreFile.isValid(owner, slot)) {
            return false;
        }
        byte[] recordKey = MvStoreFile.recordKey(key, owner, slot);
        StoredRecord old = find(recordKey);
        if (old == null) {
            return false;
        }
        records.remove(recordKey);
        decoded.remove(recordKey);
        expiry.remove(expiryKey(old, recordKey));
        commit();
        count(old, -1);
        return true;
    }

    @Override
    public synchronized int purgeExpired(Instant now) {
        // walks the expiry index from its oldest entry: the cost follows what expired, not the size
        checkOpen();
        List<byte[]> staleEntries = new ArrayList<>();
        List<Expired> expired = new ArrayList<>();
        Cursor<byte[], byte[]> cursor = expiry.cursor(null);
        while (cursor.hasNext()) {
            byte[] entry = cursor.next();
            long second = MvStoreFile.expirySecond(entry);
            if (second > now.getEpochSecond()) {
                break;
            }
            StoredRecord stored = find(MvStoreFile.recordKeyOf(entry));
            if (stored == null || stored.expiresAt().getEpochSecond() != second) {
                staleEntries.add(entry);
            } else if (stored.isExpired(now)) {
                staleEntries.add(entry);
                expired.add(new Expired(MvStoreFile.recordKeyOf(entry), stored));
            }
        }
        if (!staleEntries.isEmpty()) {
            staleEntries.forEach(expiry::remove);
            expired.forEach(e -> {
                records.remove(e.recordKey());
                decoded.remove(e.recordKey());
            });
            commit();
            expired.forEach(e -> count(e.stored(), -1));
        }
        try {
            MvStoreFile.compactIfSparse(store);
        } catch (RuntimeException e) {
            throw stop(e);
        }
        return expired.size();
    }

    @Override
    public synchronized int countByKey(DhtKey key) {
        checkOpen();
        return usage.countByKey(key);
    }

    @Override
    public synchronized int countByOwner(byte[] owner) {
        checkOpen();
        return usage.countByOwner(owner);
    }

    @Override
    public synchronized int countBySource(String source) {
        checkOpen();
        return usage.countBySource(source);
    }

    @Override
    public synchronized StoreUsage usage(DhtKey key, byte[] owner, String source, String type) {
        checkOpen();
        return usage.usage(key, owner, source, type);
    }

    @Override
    public synchronized int size() {
        checkOpen();
        return records.size();
    }

    @Override
    public synchronized Set<DhtKey> keys() {
        checkOpen();
        return usage.keys();
    }

    /** Closes the file; idempotent. Every acknowledged write was committed already. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            store.close();
        } catch (MVStoreException e) {
            log.warn("Closing record store {} failed; committed records are kept", file, e);
        }
    }

    @Override
    public String toString() {
        return "MvStoreRecordStore[" + file + "]";
    }

    private record Expired(byte[] recordKey, StoredRecord stored) {}

    /**
     * Writes the changes made since the last commit as one unit, so the records and the expiry index
     * never diverge in the file. Nothing before it can fail; if it fails (an I/O error, a full disk)
     * the store stops rather than commit a half-applied change later: the file keeps the last
     * committed state.
     */
    private void commit() {
        try {
            store.commit();
        } catch (RuntimeException e) {
            throw stop(e);
        }
    }

    private ConfChatException stop(RuntimeException e) {
        closed = true;
        store.closeImmediately();
        return new ConfChatException("record store " + file + " failed to write and is closed: " + e, e);
    }

    private void count(StoredRecord s, int delta) {
        usage.count(s, delta);
    }

    private StoredRecord find(byte[] recordKey) {
        StoredRecord known = decoded.get(recordKey);
        if (known != null) {
            return known;
        }
        byte[] value = records.get(recordKey);
        if (value == null) {
            return null;
        }
        StoredRecord s = decode(value);
        decoded.put(recordKey, s);
        return s;
    }

    private StoredRecord decode(byte[] value) {
        try {
            return StoredRecordCodec.decode(value);
        } catch (RuntimeException e) {
            // everything in the maps was decoded at open or written by this process
            throw new IllegalStateException("record store " + file + " holds an undecodable record", e);
        }
    }

    private static byte[] expiryKey(StoredRecord s, byte[] recordKey) {
        return MvStoreFile.expiryKey(s.expiresAt().getEpochSecond(), recordKey);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("record store " + file + " is closed");
        }
    }
}
