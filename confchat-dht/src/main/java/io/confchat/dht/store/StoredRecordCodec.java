package io.confchat.dht.store;

import io.confchat.api.ProtocolViolationException;
import io.confchat.dht.internal.wire.RecordCodec;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * The on-disk value of one {@link StoredRecord} in {@link MvStoreRecordStore}. Big-endian, decoded
 * strictly: every length is checked against its limit and against what is left, and trailing bytes
 * are refused.
 *
 * <pre>
 *  offset  size  field
 *  0       1     layout version (1)
 *  1       8     receivedAt, epoch seconds
 *  9       4     receivedAt, nanos (0..999_999_999)
 *  13      8     expiresAt, epoch seconds
 *  21      4     expiresAt, nanos
 *  25      2     n = source length in UTF-8 bytes (at most MAX_SOURCE_BYTES)
 *  27      n     source
 *  27+n    4     m = record length (at most RecordCodec.MAX_ENCODED_BYTES)
 *  31+n    m     record, as RecordCodec encodes it (the wire Record message)
 * </pre>
 */
final class StoredRecordCodec {
    static final byte LAYOUT_V1 = 1;
    /** Sources are short ({@code ip:<address>}, {@code node:<hex id>}); this bound is generous. */
    static final int MAX_SOURCE_BYTES = 1024;

    private static final int FIXED_BYTES = 1 + 12 + 12 + 2 + 4;

    private StoredRecordCodec() {}

    static byte[] encode(StoredRecord stored) {
        byte[] source = stored.source().getBytes(StandardCharsets.UTF_8);
        if (source.length > MAX_SOURCE_BYTES) {
            throw new IllegalArgumentException("source must be at most " + MAX_SOURCE_BYTES + " bytes");
        }
        byte[] record = RecordCodec.encode(stored.record());
        ByteBuffer out = ByteBuffer.allocate(FIXED_BYTES + source.length + record.length);
        out.put(LAYOUT_V1);
        putInstant(out, stored.receivedAt());
        putInstant(out, stored.expiresAt());
        out.putShort((short) source.length).put(source);
        out.putInt(record.length).put(record);
        return out.array();
    }

    /**
     * Decodes what {@link #encode} wrote.
     *
     * @throws IllegalArgumentException if the bytes are not a valid stored record of a known layout
     */
    static StoredRecord decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            byte layout = in.get();
            if (layout != LAYOUT_V1) {
                throw new IllegalArgumentException("unknown stored-record layout " + layout);
            }
            Instant receivedAt = getInstant(in);
            Instant expiresAt = getInstant(in);
            String source = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(take(in, Short.toUnsignedInt(in.getShort()), MAX_SOURCE_BYTES)))
                    .toString();
            byte[] record = take(in, in.getInt(), RecordCodec.MAX_ENCODED_BYTES);
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " trailing bytes");
            }
            return new StoredRecord(RecordCodec.decode(record), receivedAt, expiresAt, source);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated stored record", e);
        } catch (CharacterCodingException | DateTimeException | ProtocolViolationException e) {
            // the record inside is checked by RecordCodec, whose failures are ProtocolViolations:
            // this decoder promises IllegalArgumentException only (found by StoredRecordCodecFuzzTest)
            throw new IllegalArgumentException("malformed stored record: " + e.getMessage(), e);
        }
    }

    private static void putInstant(ByteBuffer out, Instant t) {
        out.putLong(t.getEpochSecond()).putInt(t.getNano());
    }

    private static Instant getInstant(ByteBuffer in) {
        long seconds = in.getLong();
        int nanos = in.getInt();
        if (nanos < 0 || nanos > 999_999_999) {
            throw new IllegalArgumentException("nanos out of range: " + nanos);
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }

    private static byte[] take(ByteBuffer in, int length, int max) {
        if (length < 0 || length > max || length > in.remaining()) {
            throw new IllegalArgumentException("field of " + length + " bytes exceeds its limit or the input");
        }
        byte[] field = new byte[length];
        in.get(field);
        return field;
    }
}
