package io.confchat.chat.internal.group;

import io.confchat.dht.crypto.Ed25519KeyPair;

/**
 * A membership record (a {@code GroupMembership}): a decoded {@link GroupState}, the exact bytes it
 * was decoded from (which the signature and the next epoch's link cover, never re-encoded) and the
 * signer's signature. Arrays are not copied; treat as read-only.
 */
record SignedGroupState(GroupState state, byte[] stateBytes, byte[] signature) {

    /** True when the state's signer signed {@code "confchat/group-state/v1" | stateBytes}. */
    boolean isSignedBySigner() {
        return Ed25519KeyPair.verify(state.signerKey(), GroupStates.signingInput(stateBytes), signature);
    }

    /** What the next epoch names as its previous state. */
    byte[] hash() {
        return GroupStates.hash(stateBytes);
    }

    @Override
    public String toString() {
        return "SignedGroupState[" + state + "]";
    }
}
