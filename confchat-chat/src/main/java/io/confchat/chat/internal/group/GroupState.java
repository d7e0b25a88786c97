package io.confchat.chat.internal.group;

import java.util.List;
import java.util.Optional;

/**
 * One epoch of a group's membership (a {@code GroupState}, see group.proto), as decoded and checked
 * by {@link GroupStates}: within every limit, the group id derived from the creator's key and nonce.
 * Whether it may follow another epoch is {@link MembershipChain}'s decision. Arrays are not copied.
 *
 * @param groupId {@code SHA-256("confchat/group-id/v1" | creatorKey | creatorNonce)}
 * @param creatorKey the creator's identity key (32 bytes)
 * @param creatorNonce 16 bytes
 * @param epoch 0 at creation, then one more per change
 * @param previousHash {@link GroupStates#hash} of the previous epoch's bytes; empty at epoch 0
 * @param name 1 to 64 characters
 * @param members 1 to 100, each key once, at least one admin
 * @param signerKey who signs this epoch
 * @param issuedAtMillis the signer's clock
 */
record GroupState(
        byte[] groupId,
        byte[] creatorKey,
        byte[] creatorNonce,
        long epoch,
        byte[] previousHash,
        String name,
        List<GroupMember> members,
        byte[] signerKey,
        long issuedAtMillis) {

    GroupState {
        members = List.copyOf(members);
    }

    Optional<GroupMember> member(byte[] identityKey) {
        return members.stream().filter(m -> m.hasKey(identityKey)).findFirst();
    }

    boolean isAdmin(byte[] identityKey) {
        return member(identityKey).map(GroupMember::admin).orElse(false);
    }

    boolean isMember(byte[] identityKey) {
        return member(identityKey).isPresent();
    }

    @Override
    public String toString() {
        return "GroupState[epoch=" + epoch + ", " + members.size() + " members]";
    }
}
