package io.confchat.dht.crypto;

import io.confchat.api.NodeId;
import java.security.SecureRandom;

/**
 * A node's identity: its Ed25519 key pair and the id derived from it, {@code SHA-256(public key)}
 * (docs/architecture.md#identity). Other nodes admit a node only after it signed a PONG with this
 * key.
 */
public final class NodeIdentity {
    private final Ed25519KeyPair keyPair;
    private final NodeId id;

    private NodeIdentity(Ed25519KeyPair keyPair) {
        this.keyPair = keyPair;
        this.id = NodeId.fromPublicKey(keyPair.publicKey());
    }

    /** A fresh identity. */
    public static NodeIdentity generate(SecureRandom random) {
        return new NodeIdentity(Ed25519KeyPair.generate(random));
    }

    /** The identity of an existing key pair, e.g. one loaded from the node's data directory. */
    public static NodeIdentity of(Ed25519KeyPair keyPair) {
        return new NodeIdentity(keyPair);
    }

    public NodeId id() {
        return id;
    }

    public Ed25519KeyPair keyPair() {
        return keyPair;
    }
}
