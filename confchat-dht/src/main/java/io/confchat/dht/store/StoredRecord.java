package io.confchat.dht.store;

import io.confchat.api.SignedRecord;
import io.confchat.dht.internal.wire.RecordCodec;
import java.time.Instant;
import java.util.Objects;

/**
 * A record as a node holds it: with when it arrived, when it expires (counted from arrival, never
 * from the sender's clock) and the source that stored it, for quotas.
 *
 * @param source who stored it: {@code ip:<address>} for public addresses, {@code node:<id>} for
 *     loopback and private ones, {@code local} for this node's own records
 */
public record StoredRecord(SignedRecord record, Instant receivedAt, Instant expiresAt, String source) {
    public StoredRecord {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(source, "source");
    }

    /** What the record weighs in the quotas: its encoded size on the wire. */
    public int sizeBytes() {
        return RecordCodec.encodedSize(record);
    }

    /** True once the record's lifetime has passed. */
    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
