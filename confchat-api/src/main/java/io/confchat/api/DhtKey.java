package io.confchat.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The 256-bit key under which records are stored in the DHT.
 *
 * <p>Applications derive keys by hashing a namespaced name, e.g. {@code DhtKey.hash("user/alice")}.
 * Immutable and thread-safe.
 */
public final class DhtKey extends Bytes32 {
    private DhtKey(byte[] bytes) {
        super(bytes);
    }

    /** Wraps exactly 32 bytes (copied). */
    public static DhtKey of(byte[] bytes) {
        return new DhtKey(bytes);
    }

    /** Parses 64 hex digits. */
    public static DhtKey fromHex(String hex) {
        return new DhtKey(parseHex(hex));
    }

    /** Returns {@code SHA-256(UTF-8 bytes of name)}. */
    public static DhtKey hash(String name) {
        try {
            return new DhtKey(MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required on every Java platform", e);
        }
    }

    /** The point in the node-id space whose closest nodes store this key. */
    public NodeId asTarget() {
        return NodeId.of(bytes());
    }

    @Override
    public String toString() {
        return "DhtKey[" + shortHex() + "]";
    }
}
