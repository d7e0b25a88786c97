package io.confchat.dht.store;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records of a {@link MvStoreRecordStore} already decoded, by their key in the file, least
 * recently used first out and bounded by their encoded size: serving a hot key (every FIND_VALUE
 * reads all of its records) decodes each record once, not once per request. Not thread-safe: the
 * store guards it with its own lock.
 */
final class DecodedRecords {
    /** Encoded bytes of the records kept decoded. */
    static final long CAPACITY_BYTES = 16L << 20;

    private final Map<ByteBuffer, StoredRecord> decoded = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;

    StoredRecord get(byte[] recordKey) {
        return decoded.get(ByteBuffer.wrap(recordKey));
    }

    void put(byte[] recordKey, StoredRecord s) {
        StoredRecord old = decoded.put(ByteBuffer.wrap(recordKey.clone()), s);
        if (old != null) {
            bytes -= old.sizeBytes();
        }
        bytes += s.sizeBytes();
        var it = decoded.values().iterator();
        while (bytes > CAPACITY_BYTES && it.hasNext()) {
            bytes -= it.next().sizeBytes();
            it.remove();
        }
    }

    void remove(byte[] recordKey) {
        StoredRecord old = decoded.remove(ByteBuffer.wrap(recordKey));
        if (old != null) {
            bytes -= old.sizeBytes();
        }
    }
}
