package io.confchat.dht.internal.storage;

/**
 * How many bytes one node stores for others (a record weighs its encoded size). A full quota
 * refuses new records with {@code QUOTA_EXCEEDED} and a reason naming the quota; stored records
 * are never dropped to make room.
 *
 * <p>Multi-value keys (an inbox, a directory shard) are shared fairly: one source (an IP; IPv6
 * counted per /64; a proven node id on loopback and private networks) or one owner may fill at
 * most {@code perKeyBytes / keyShareDivisor} of a key, and the last quarter of a key is reserved
 * for sources and owners that will hold at most {@code perKeyBytes / 256} under it. So one sender
 * cannot crowd others out of a key, and crowding it out from many sources takes dozens of them.
 *
 * @param perKeyBytes records under one key (a record type may set less, see {@code TypeLimits})
 * @param perOwnerBytes records of one owner key across all keys
 * @param perSourceBytes records stored by one source across all keys
 * @param totalBytes records in the whole store
 * @param keyShareDivisor one source or owner fills at most 1/this of a key; 1 turns fair sharing
 *     (this share and the reserved quarter) off
 */
public record StorageQuotas(
        long perKeyBytes, long perOwnerBytes, long perSourceBytes, long totalBytes, int keyShareDivisor) {
    /** 1 MiB per key, 4 MiB per owner, 16 MiB per source, 256 MiB in all, 1/16 of a key per sender. */
    public static final StorageQuotas DEFAULT = new StorageQuotas(1L << 20, 4L << 20, 16L << 20, 256L << 20, 16);

    /** Share of a key kept for sources and owners that hold little under it: the last quarter. */
    static final int RESERVED_QUARTERS = 1;
    /** A source or owner holding less than 1/this of a key may write into its reserved part. */
    static final int LIGHT_SENDER_DIVISOR = 256;

    public StorageQuotas {
        if (perKeyBytes < 1 || perOwnerBytes < 1 || perSourceBytes < 1 || totalBytes < 1 || keyShareDivisor < 1) {
            throw new IllegalArgumentException("every quota must be at least 1");
        }
    }

    /** A copy where one sender may fill at most 1/{@code divisor} of a key (1 = the whole key). */
    public StorageQuotas withKeyShareDivisor(int divisor) {
        return new StorageQuotas(perKeyBytes, perOwnerBytes, perSourceBytes, totalBytes, divisor);
    }
}
