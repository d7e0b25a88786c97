package io.confchat.chat.internal.group;

import io.confchat.api.SignedRecord;
import io.confchat.dht.crypto.Ed25519KeyPair;
import java.nio.ByteBuffer;

/**
 * A group message as it travels (a {@code GroupMessage}, see group.proto): encrypted, signed by
 * its chain's signing key, decoded within its limits. Arrays are not copied; treat as read-only.
 *
 * <p>One signature serves both the message and its one copy in the DHT: the chain's signing key
 * signs the copy's record ({@link #signingInput()}), whose payload is the message without its
 * signature and whose key, slot, seq and ttl follow from the chain id and iteration. A replica
 * verifies it as any record's; a member who gets the message live rebuilds the same bytes and
 * verifies the same signature, and one who catches up takes the record's.
 *
 * @param groupId the group (32 bytes)
 * @param chainId the sending chain's Ed25519 signing public key (32 bytes)
 * @param iteration the message's position in the chain, below {@link SendingChain#MAX_LENGTH}
 * @param ciphertext ChaCha20-Poly1305 of a {@code GroupText}
 * @param signature Ed25519 by the chain id over {@link #signingInput()} (empty in a stored copy's
 *     payload, where the record carries it)
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

    /**
     * What the chain's signing key signs: the record of the message's copy in the DHT, as {@link
     * SignedRecord#signingInput(io.confchat.api.DhtKey, String, byte[], byte[], long, long, byte[])}
     * lays it out ("confchat/record/v1", its chain page's key, type {@code group-msg}, the chain id
     * as owner, the iteration's slot, seq 1, the messages' ttl, and the message encoded without its
     * signature): the group id, chain id, iteration and ciphertext, and nothing a member could
     * move to another chain, iteration or record.
     */
    byte[] signingInput() {
        return SignedRecord.signingInput(
                GroupRecords.messagePage(chainId, iteration),
                GroupRecords.MESSAGE_TYPE,
                chainId,
                GroupRecords.iterationSlot(iteration),
                GroupRecords.MESSAGE_SEQ,
                GroupRecords.MESSAGE_TTL.toSeconds(),
                GroupMessageCodec.encodeUnsigned(this));
    }

    /** The message's one copy in the DHT: the record {@link #signature()} signed. */
    SignedRecord storedCopy() {
        return SignedRecord.of(
                GroupRecords.messagePage(chainId, iteration),
                GroupRecords.MESSAGE_TYPE,
                chainId,
                GroupRecords.iterationSlot(iteration),
                GroupRecords.MESSAGE_SEQ,
                GroupRecords.MESSAGE_TTL.toSeconds(),
                GroupMessageCodec.encodeUnsigned(this),
                signature);
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
