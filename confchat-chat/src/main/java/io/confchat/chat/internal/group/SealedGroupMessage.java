package io.confchat.chat.internal.group;

import io.confchat.dht.crypto.Ed25519KeyPair;
import java.nio.ByteBuffer;

/**
 * A group message as it travels (a {@code GroupMessage}, see group.proto): encrypted, signed by
 * its chain's signing key, decoded within its limits. Arrays are not copied; treat as read-only.
 *
 * @param groupId the group (32 bytes)
 * @param chainId the sending chain's Ed25519 signing public key (32 bytes)
 * @param iteration the message's position in the chain, below {@link SendingChain#MAX_LENGTH}
 * @param ciphertext ChaCha20-Poly1305 of a {@code GroupText}
 * @param signature Ed25519 by the chain id over {@link #signingInput()}
 */
record SealedGroupMessage(byte[] groupId, byte[] chainId, int iteration, byte[] ciphertext, byte[] signature) {

    /**
     * The additional data of the encryption, which the signature also covers first:
     *
     * <pre>
     * "confchat/group-message/v1" | group id (32) | chain id (32) | iteration (4, big-endian)
     * </pre>
     */
    static byte[] associatedData(byte[] groupId, byte[] chainId, int iteration) {
        return ByteBuffer.allocate(MessageKey.INFO.length + groupId.length + chainId.length + Integer.BYTES)
                .put(MessageKey.INFO)
                .put(groupId)
                .put(chainId)
                .putInt(iteration)
                .array();
    }

    /** What the chain's signing key signs: the associated data, then the ciphertext. */
    byte[] signingInput() {
        byte[] aad = associatedData(groupId, chainId, iteration);
        return ByteBuffer.allocate(aad.length + ciphertext.length)
                .put(aad)
                .put(ciphertext)
                .array();
    }

    /** True when its chain's signing key (the chain id) signed it; says nothing of whether it opens. */
    boolean isSignedByItsChain() {
        return Ed25519KeyPair.verify(chainId, signingInput(), signature);
    }

    @Override
    public String toString() {
        return "SealedGroupMessage[iteration=" + iteration + ", " + ciphertext.length + " bytes]";
    }
}
