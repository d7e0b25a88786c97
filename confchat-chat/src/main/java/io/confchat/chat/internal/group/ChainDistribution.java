package io.confchat.chat.internal.group;

import java.util.Arrays;

/**
 * What a member gives another member so that it can read its chain from {@code iteration} on (the
 * chain part of a {@code SenderKeyDistribution}). Secret: it travels only inside a channel that
 * proves its sender, never stored in clear. {@link #erase()} once a {@link ReceivingChain} holds it.
 *
 * @param groupId the group (32 bytes)
 * @param chainId the chain's signing public key (32 bytes)
 * @param iteration the iteration {@code chainKey} belongs to
 * @param chainKey the chain key at that iteration (32 bytes)
 */
record ChainDistribution(byte[] groupId, byte[] chainId, int iteration, byte[] chainKey) {
    void erase() {
        Arrays.fill(chainKey, (byte) 0);
    }

    @Override
    public String toString() {
        return "ChainDistribution[iteration=" + iteration + ", key hidden]";
    }
}
