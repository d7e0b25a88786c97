package io.confchat.dht.internal.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.confchat.api.DhtKey;
import io.confchat.api.ProtocolViolationException;
import io.confchat.api.SignedRecord;
import io.confchat.dht.internal.wire.proto.Record;

/** Maps {@link SignedRecord} to and from the {@code Record} message, on the wire and on disk. */
public final class RecordCodec {
    /** Largest encoded record: the payload limit plus generous room for the other fields. */
    public static final int MAX_ENCODED_BYTES = SignedRecord.MAX_PAYLOAD_BYTES + 512;

    private RecordCodec() {}

    static Record toProto(SignedRecord r) {
        return Record.newBuilder()
                .setKey(ByteString.copyFrom(r.key().bytes()))
                .setType(r.type())
                .setOwnerPublicKey(ByteString.copyFrom(r.ownerPublicKey()))
                .setSlot(ByteString.copyFrom(r.slot()))
                .setSeq(r.seq())
                .setTtlSeconds((int) r.ttlSeconds())
                .setPayload(ByteString.copyFrom(r.payload()))
                .setSignature(ByteString.copyFrom(r.signature()))
                .build();
    }

    static SignedRecord fromProto(Record p) {
        if (p.getKey().size() != 32) {
            throw new ProtocolViolationException("record key must be 32 bytes");
        }
        try {
            return SignedRecord.of(
                    DhtKey.of(p.getKey().toByteArray()),
                    p.getType(),
                    p.getOwnerPublicKey().toByteArray(),
                    p.getSlot().toByteArray(),
                    p.getSeq(),
                    Integer.toUnsignedLong(p.getTtlSeconds()),
                    p.getPayload().toByteArray(),
                    p.getSignature().toByteArray());
        } catch (IllegalArgumentException e) {
            throw new ProtocolViolationException("malformed record: " + e.getMessage(), e);
        }
    }

    /**
     * The encoded size of a record, computed from its field lengths without building the message
     * (paging sizes every record of a key for every FIND_VALUE). proto3 leaves out empty and zero
     * fields, so they count nothing.
     */
    public static int encodedSize(SignedRecord r) {
        return bytesField(1, 32)
                + bytesField(2, r.type().length()) // ASCII by SignedRecord.TYPE_PATTERN
                + bytesField(3, SignedRecord.PUBLIC_KEY_BYTES)
                + bytesField(4, r.slot().length)
                + (r.seq() == 0 ? 0 : CodedOutputStream.computeUInt64Size(5, r.seq()))
                + CodedOutputStream.computeUInt32Size(6, (int) r.ttlSeconds())
                + bytesField(7, r.payloadLength())
                + bytesField(8, SignedRecord.SIGNATURE_BYTES);
    }

    private static int bytesField(int number, int length) {
        return length == 0
                ? 0
                : CodedOutputStream.computeTagSize(number) + CodedOutputStream.computeUInt32SizeNoTag(length) + length;
    }

    /** Encodes a record as a standalone {@code Record} message. */
    public static byte[] encode(SignedRecord r) {
        return toProto(r).toByteArray();
    }

    /**
     * Decodes a standalone {@code Record}; the size is checked before parsing.
     *
     * @throws ProtocolViolationException if the bytes are too large or not a valid record
     */
    public static SignedRecord decode(byte[] bytes) {
        if (bytes.length > MAX_ENCODED_BYTES) {
            throw new ProtocolViolationException("record of " + bytes.length + " bytes exceeds " + MAX_ENCODED_BYTES);
        }
        try {
            return fromProto(Record.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            throw new ProtocolViolationException("undecodable record", e);
        }
    }
}
