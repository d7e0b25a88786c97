package io.confchat.api.chat;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The id of a group chat: 32 bytes derived by its creator (a hash of the creator's identity key and
 * a random nonce, so nobody else can start a group under the same id), shown as 64 lower-case hex
 * digits. It names the group everywhere: in invitations, the DHT and the history.
 *
 * <p>Immutable; equal ids are equal values.
 */
public final class GroupId implements Comparable<GroupId> {
    /** Length of an id in bytes. */
    public static final int BYTES = 32;

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private GroupId(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * The id with these 32 bytes.
     *
     * @throws IllegalArgumentException if {@code bytes} is not 32 bytes long
     */
    public static GroupId of(byte[] bytes) {
        if (bytes == null || bytes.length != BYTES) {
            throw new IllegalArgumentException("a group id is " + BYTES + " bytes");
        }
        return new GroupId(bytes.clone());
    }

    /**
     * The id written as 64 hex digits (as {@link #toString()} gives it).
     *
     * @throws IllegalArgumentException if {@code hex} is not 64 hex digits
     */
    public static GroupId parse(String hex) {
        if (hex == null || hex.length() != 2 * BYTES) {
            throw new IllegalArgumentException("a group id is " + 2 * BYTES + " hex digits");
        }
        return of(HEX.parseHex(hex));
    }

    /** The 32 bytes (a fresh array). */
    public byte[] toBytes() {
        return bytes.clone();
    }

    @Override
    public int compareTo(GroupId o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupId g && Arrays.equals(bytes, g.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** The 64 lower-case hex digits. */
    @Override
    public String toString() {
        return HEX.formatHex(bytes);
    }
}
