package io.confchat.chat.internal.group;

import io.confchat.dht.crypto.Ed25519KeyPair;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A member's sending chain as it hands it to one other member (a {@code SenderKeyDistribution},
 * see group.proto): the chain from its next iteration, the epoch it belongs to, and the chain
 * signing key's proof that the chain belongs to the member who sends it. Secret; {@link #erase()}
 * once used.
 *
 * @param epoch the membership epoch of the chain
 * @param chain the chain key and ids
 * @param previousChainLength messages sent on the sender's chain before this one (0 = none or not
 *     known); at login, on the chain the user's key backup names (see group.proto)
 * @param ownerSignature Ed25519 by the chain id over {@link #ownerSigningInput}
 */
record Distribution(long epoch, ChainDistribution chain, int previousChainLength, byte[] ownerSignature) {
    private static final byte[] OWNER_TAG = "confchat/group-chain-owner/v1".getBytes(StandardCharsets.US_ASCII);

    /** {@code "confchat/group-chain-owner/v1" | group id | epoch (8, big-endian) | owner identity key}. */
    static byte[] ownerSigningInput(byte[] groupId, long epoch, byte[] ownerKey) {
        return ByteBuffer.allocate(OWNER_TAG.length + groupId.length + Long.BYTES + ownerKey.length)
                .put(OWNER_TAG)
                .put(groupId)
                .putLong(epoch)
                .put(ownerKey)
                .array();
    }

    /** True when the chain's signing key says the chain belongs to {@code ownerKey}. */
    boolean isOwnedBy(byte[] ownerKey) {
        return Ed25519KeyPair.verify(
                chain.chainId(), ownerSigningInput(chain.groupId(), epoch, ownerKey), ownerSignature);
    }

    void erase() {
        chain.erase();
    }

    @Override
    public String toString() {
        return "Distribution[epoch=" + epoch + ", " + chain + "]";
    }
}
