package io.confchat.dht.store;

import io.confchat.api.ConfChatException;
import io.confchat.api.DhtKey;
import io.confchat.api.SignedRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.StringDataType;

/**
 * The file of a {@link MvStoreRecordStore}: how it is opened, its maps, their keys and the
 * byte-array type they are stored with, and where an unreadable file goes. Values of {@code
 * records} are laid out by {@link StoredRecordCodec}.
 *
 * <pre>
 *  meta:     "format" -> FORMAT_VERSION; a file with another version is unreadable
 *  records:  DHT key (32) || owner (32) || slot (0..64)        -> StoredRecordCodec value
 *  expiry:   sortable expiresAt epoch second (8) || record key -> empty
 * </pre>
 *
 * The DHT key and owner have fixed lengths, so the slot needs no length prefix and every record of
 * one DHT key sorts into one contiguous range that starts at the 32 key bytes.
 */
final class MvStoreFile {
    static final String RECORDS_MAP = "records";
    static final String EXPIRY_MAP = "expiry";
    static final String META_MAP = "meta";
    static final String FORMAT_KEY = "format";
    static final String FORMAT_VERSION = "1";

    static final int RECORD_KEY_PREFIX = 2 * SignedRecord.PUBLIC_KEY_BYTES;
    static final int EXPIRY_PREFIX = Long.BYTES;

    private static final int CACHE_MEGABYTES = 4;
    private static final int MIN_FILL_RATE = 50;
    private static final int COMPACT_MILLIS = 100;

    private MvStoreFile() {}

    /**
     * Opens (or creates) the file with commits left to the caller, and checks its format.
     *
     * @throws RuntimeException (mostly {@link MVStoreException}) if it is unreadable
     */
    static MVStore open(Path path) {
        try {
            Files.createDirectories(path.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MVStore store = new MVStore.Builder()
                .fileName(path.toString())
                .autoCommitDisabled() // every mutation of the record store commits itself
                .cacheSize(CACHE_MEGABYTES)
                .open();
        try {
            // The retention time keeps freed chunks from reuse for a while, so that a power loss,
            // which may drop recent writes, finds older chunks intact. The record store promises
            // survival of process death only (the page cache keeps every returned write), and with
            // one commit per put the default 45 s let the file grow by gigabytes in a burst of stores.
            store.setRetentionTime(0);
            checkFormat(store);
            return store;
        } catch (RuntimeException e) {
            store.closeImmediately();
            throw e;
        }
    }

    static MVMap.Builder<byte[], byte[]> bytesMap() {
        return new MVMap.Builder<byte[], byte[]>()
                .keyType(UnsignedBytes.INSTANCE)
                .valueType(UnsignedBytes.INSTANCE);
    }

    static MVMap.Builder<String, String> metaMap() {
        return new MVMap.Builder<String, String>()
                .keyType(StringDataType.INSTANCE)
                .valueType(StringDataType.INSTANCE);
    }

    /**
     * MVStore compacts in its background writer, which the record store turns off; so purging,
     * which the node runs periodically, also compacts a sparse file, for a bounded time.
     */
    static void compactIfSparse(MVStore store) {
        FileStore<?> fileStore = store.getFileStore();
        if (fileStore.getFillRate() < MIN_FILL_RATE || fileStore.getChunksFillRate() < MIN_FILL_RATE) {
            store.compactFile(COMPACT_MILLIS);
        }
    }

    /**
     * Writes the format version into a new file, checks it in an existing one.
     *
     * @throws IllegalStateException if the file holds another format (or none)
     */
    private static void checkFormat(MVStore store) {
        boolean fresh = store.getMapNames().isEmpty();
        MVMap<String, String> meta = store.openMap(META_MAP, metaMap());
        String format = meta.get(FORMAT_KEY);
        if (fresh) {
            meta.put(FORMAT_KEY, FORMAT_VERSION);
            store.commit();
        } else if (!FORMAT_VERSION.equals(format)) {
            throw new IllegalStateException("unknown record store format " + format);
        }
    }

    static byte[] recordKey(DhtKey key, byte[] owner, byte[] slot) {
        return ByteBuffer.allocate(RECORD_KEY_PREFIX + slot.length)
                .put(key.bytes())
                .put(owner)
                .put(slot)
                .array();
    }

    static byte[] recordKey(SignedRecord r) {
        return recordKey(r.key(), r.ownerPublicKey(), r.slot());
    }

    /** True when {@code owner} and {@code slot} can be part of a record key at all. */
    static boolean isValid(byte[] owner, byte[] slot) {
        return owner.length == SignedRecord.PUBLIC_KEY_BYTES && slot.length <= SignedRecord.MAX_SLOT_BYTES;
    }

    static boolean hasKeyPrefix(byte[] recordKey, byte[] dhtKey) {
        return recordKey.length >= dhtKey.length
                && Arrays.equals(recordKey, 0, dhtKey.length, dhtKey, 0, dhtKey.length);
    }

    /**
     * The expiry index key. The sign bit of the epoch second is flipped so that unsigned byte order
     * is numeric order, also before 1970; second granularity is enough because purging re-checks
     * the exact instant of each candidate.
     */
    static byte[] expiryKey(long expiresAtSecond, byte[] recordKey) {
        return ByteBuffer.allocate(EXPIRY_PREFIX + recordKey.length)
                .putLong(expiresAtSecond ^ Long.MIN_VALUE)
                .put(recordKey)
                .array();
    }

    static long expirySecond(byte[] expiryKey) {
        return ByteBuffer.wrap(expiryKey).getLong() ^ Long.MIN_VALUE;
    }

    static byte[] recordKeyOf(byte[] expiryKey) {
        return Arrays.copyOfRange(expiryKey, EXPIRY_PREFIX, expiryKey.length);
    }

    /**
     * Byte arrays ordered as unsigned bytes, lexicographically. Our own type rather than H2's, so
     * the order our keys rely on is fixed by this code and not by the H2 version.
     */
    static final class UnsignedBytes extends BasicDataType<byte[]> {
        static final UnsignedBytes INSTANCE = new UnsignedBytes();

        private UnsignedBytes() {}

        @Override
        public int getMemory(byte[] data) {
            return 16 + data.length;
        }

        @Override
        public void write(WriteBuffer buff, byte[] data) {
            buff.putVarInt(data.length).put(data);
        }

        @Override
        public byte[] read(ByteBuffer buff) {
            int length = DataUtils.readVarInt(buff);
            if (length < 0 || length > buff.remaining()) {
                throw new IllegalStateException("byte array of " + length + " bytes exceeds its page");
            }
            byte[] data = new byte[length];
            buff.get(data);
            return data;
        }

        @Override
        public byte[][] createStorage(int size) {
            return new byte[size][];
        }

        @Override
        public int compare(byte[] a, byte[] b) {
            return Arrays.compareUnsigned(a, b);
        }
    }

    /** True when opening failed because another process (or another store here) has the file open. */
    static boolean isLockedByAnotherProcess(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MVStoreException m && m.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                return true;
            }
        }
        return false;
    }

    /**
     * Renames an unreadable file to {@code <name>.unreadable-<millis>}, kept for inspection. The
     * wall clock only names the file; nothing in the protocol depends on it.
     */
    static Path moveAside(Path path) {
        String aside = path.getFileName() + ".unreadable-" + System.currentTimeMillis();
        for (int attempt = 0; ; attempt++) {
            Path target = path.resolveSibling(attempt == 0 ? aside : aside + "-" + attempt);
            try {
                return Files.move(path, target);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw new ConfChatException("cannot move unreadable record store " + path + " aside", e);
                }
            } catch (IOException e) {
                throw new ConfChatException("cannot move unreadable record store " + path + " aside: " + e, e);
            }
        }
    }
}
