package io.confchat.dht.record;

import io.confchat.api.SignedRecord;

/**
 * Byte limits of one record type, on top of a node's quotas (see {@link
 * RecordValidator#limits()}).
 *
 * @param maxRecordBytes largest encoded record of this type; larger ones are refused {@code
 *     TOO_LARGE}
 * @param maxKeyBytes most bytes one key may hold of this type's records (the node's per-key quota
 *     applies too)
 * @param maxStorePercent most of the node's whole store this type may take, in percent (1..100)
 */
public record TypeLimits(int maxRecordBytes, long maxKeyBytes, int maxStorePercent) {
    /** What a type with a validator may use unless it says otherwise: any record, a key's quota, the whole store. */
    public static final TypeLimits DEFAULT = new TypeLimits(SignedRecord.MAX_PAYLOAD_BYTES + 512, Long.MAX_VALUE, 100);

    /**
     * What each type without a validator ({@link RecordValidator#DEFAULT}) may use: at most a
     * quarter of the store, so types nobody registered cannot crowd out the ones a node serves.
     */
    public static final TypeLimits UNVALIDATED =
            new TypeLimits(SignedRecord.MAX_PAYLOAD_BYTES + 512, Long.MAX_VALUE, 25);

    public TypeLimits {
        if (maxRecordBytes < 1 || maxKeyBytes < 1 || maxStorePercent < 1 || maxStorePercent > 100) {
            throw new IllegalArgumentException("type limits must be positive, the store share 1..100%");
        }
    }
}
