package io.confchat.api;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Shared behaviour of the 256-bit identifiers {@link NodeId} and {@link DhtKey} (and only of
 * them: the class is sealed). Immutable and thread-safe.
 */
public abstract sealed class Bytes32 permits NodeId, DhtKey {
    /** Length in bytes of every identifier in the DHT's 256-bit key space. */
    public static final int LENGTH = 32;

    private final byte[] bytes;
    private final int hash;
    private final long leading64;

    Bytes32(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException(
                    "a 256-bit identifier needs exactly 32 bytes, got " + (bytes == null ? "null" : bytes.length));
        }
        this.bytes = bytes.clone();
        this.hash = Arrays.hashCode(this.bytes);
        long high = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (this.bytes[i] & 0xff);
        }
        this.leading64 = high;
    }

    static byte[] parseHex(String hex) {
        if (hex == null || hex.length() != LENGTH * 2) {
            throw new IllegalArgumentException("a 256-bit identifier is 64 hex digits");
        }
        return HexFormat.of().parseHex(hex);
    }

    /** Returns a copy of the 32 bytes. */
    public final byte[] bytes() {
        return bytes.clone();
    }

    /** Returns byte {@code i} (0 = most significant) without copying. */
    public final int byteAt(int i) {
        return bytes[i] & 0xff;
    }

    /**
     * Returns the first 8 bytes as a big-endian {@code long} (compare it unsigned): XOR distances
     * of random identifiers almost always differ there, so comparing them rarely reads further.
     */
    public final long leading64() {
        return leading64;
    }

    /** Returns the identifier as 64 lower-case hex digits. */
    public final String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    /** Returns the first 8 hex digits, enough to tell identifiers apart in logs. */
    public final String shortHex() {
        return toHex().substring(0, 8);
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Arrays.equals(bytes, ((Bytes32) o).bytes);
    }

    @Override
    public final int hashCode() {
        return hash;
    }
}
