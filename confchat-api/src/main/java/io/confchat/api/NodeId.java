package io.confchat.api;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The 256-bit identifier of a DHT node: {@code SHA-256(node's Ed25519 public key)}.
 *
 * <p>Immutable and thread-safe. Node ids and {@link DhtKey}s live in the same key space, so a key
 * can be the target of a node lookup ({@link DhtKey#asTarget()}).
 */
public final class NodeId extends Bytes32 {
    private NodeId(byte[] bytes) {
        super(bytes);
    }

    /** Wraps exactly 32 bytes (copied). */
    public static NodeId of(byte[] bytes) {
        return new NodeId(bytes);
    }

    /** Parses 64 hex digits. */
    public static NodeId fromHex(String hex) {
        return new NodeId(parseHex(hex));
    }

    /** Derives the id that belongs to an Ed25519 public key: SHA-256 of its 32 bytes. */
    public static NodeId fromPublicKey(byte[] ed25519PublicKey) {
        if (ed25519PublicKey == null || ed25519PublicKey.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes");
        }
        try {
            return new NodeId(MessageDigest.getInstance("SHA-256").digest(ed25519PublicKey));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required on every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "NodeId[" + shortHex() + "]";
    }
}
