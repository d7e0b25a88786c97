package io.confchat.api.chat;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Random;

/**
 * The id of one message: 16 random bytes chosen by the sender, shown as 32 lower-case hex digits.
 * Together with the sender's identity key it names a message everywhere (live sessions, the
 * offline inbox, the history), so a message that arrives twice is recognised.
 *
 * <p>Immutable; equal ids are equal values.
 */
public final class MessageId implements Comparable<MessageId> {
    /** Length of an id in bytes. */
    public static final int BYTES = 16;

    private static final HexFormat HEX = HexFormat.of();

    private final long high;
    private final long low;

    private MessageId(long high, long low) {
        this.high = high;
        this.low = low;
    }

    /** A fresh random id. */
    public static MessageId random(Random random) {
        return new MessageId(random.nextLong(), random.nextLong());
    }

    /**
     * The id with these 16 bytes.
     *
     * @throws IllegalArgumentException if {@code bytes} is not 16 bytes long
     */
    public static MessageId of(byte[] bytes) {
        if (bytes == null || bytes.length != BYTES) {
            throw new IllegalArgumentException("a message id is " + BYTES + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new MessageId(b.getLong(), b.getLong());
    }

    /**
     * The id written as 32 hex digits (as {@link #toString()} gives it).
     *
     * @throws IllegalArgumentException if {@code hex} is not 32 hex digits
     */
    public static MessageId parse(String hex) {
        if (hex == null || hex.length() != 2 * BYTES) {
            throw new IllegalArgumentException("a message id is " + 2 * BYTES + " hex digits");
        }
        return of(HEX.parseHex(hex));
    }

    /** The 16 bytes (a fresh array). */
    public byte[] toBytes() {
        return ByteBuffer.allocate(BYTES).putLong(high).putLong(low).array();
    }

    /** The first 8 bytes as a number; with {@link #low()} the whole id, for compact encodings. */
    public long high() {
        return high;
    }

    /** The last 8 bytes as a number. */
    public long low() {
        return low;
    }

    /** An id from its two halves, as {@link #high()} and {@link #low()} give them. */
    public static MessageId of(long high, long low) {
        return new MessageId(high, low);
    }

    @Override
    public int compareTo(MessageId o) {
        int c = Long.compareUnsigned(high, o.high);
        return c != 0 ? c : Long.compareUnsigned(low, o.low);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageId m && m.high == high && m.low == low;
    }

    @Override
    public int hashCode() {
        long h = high * 0x9E3779B97F4A7C15L ^ low;
        return (int) (h ^ (h >>> 32));
    }

    /** The 32 lower-case hex digits. */
    @Override
    public String toString() {
        return HEX.toHexDigits(high) + HEX.toHexDigits(low);
    }
}
