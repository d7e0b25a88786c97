package io.confchat.dht.internal.storage;

/**
 * How much one node stores for others. A full quota refuses new records with {@code
 * QUOTA_EXCEEDED}; stored records are never dropped to make room.
 *
 * @param perKey records under one key
 * @param perOwner records of one owner key across all keys
 * @param perSource records stored by one source (an IP, or a node id on private networks)
 * @param total records in the whole store
 */
public record StorageQuotas(int perKey, int perOwner, int perSource, int total) {
    /** Defaults sized for a chat network of many thousands of users per node. */
    public static final StorageQuotas DEFAULT = new StorageQuotas(256, 4096, 16384, 1_000_000);

    public StorageQuotas {
        if (perKey < 1 || perOwner < 1 || perSource < 1 || total < 1) {
            throw new IllegalArgumentException("every quota must be at least 1");
        }
    }
}
