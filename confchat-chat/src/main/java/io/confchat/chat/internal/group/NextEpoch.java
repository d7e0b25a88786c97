package io.confchat.chat.internal.group;

import io.confchat.dht.crypto.Ed25519KeyPair;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds and signs the membership records a member writes: a group's creation (epoch 0) and each
 * change (the next epoch, naming the hash of the one before). Whether the signer may make the
 * change is {@link MembershipChain}'s decision when the record is offered, here and at every other
 * member. Stateless.
 */
final class NextEpoch {
    private NextEpoch() {}

    /**
     * The creation record: {@code creator} the only admin, {@code others} members.
     *
     * @param nonce 16 random bytes
     * @throws IllegalArgumentException for a name or a membership outside the limits
     */
    static byte[] creation(
            Ed25519KeyPair creator, String creatorName, byte[] nonce, String name, List<GroupMember> others, long now) {
        List<GroupMember> members = new ArrayList<>();
        members.add(new GroupMember(creatorName, creator.publicKey(), true));
        members.addAll(others);
        byte[] key = creator.publicKey();
        GroupState s = new GroupState(
                GroupStates.groupId(key, nonce), key, nonce.clone(), 0, new byte[0], name, members, key, now);
        return GroupStates.sign(s, creator);
    }

    /** The next epoch after {@code head} with {@code members}, signed by {@code signer}. */
    static byte[] change(SignedGroupState head, List<GroupMember> members, Ed25519KeyPair signer, long now) {
        GroupState h = head.state();
        GroupState next = new GroupState(
                h.groupId(),
                h.creatorKey(),
                h.creatorNonce(),
                h.epoch() + 1,
                head.hash(),
                h.name(),
                members,
                signer.publicKey(),
                now);
        return GroupStates.sign(next, signer);
    }

    /** The members of {@code head} and {@code added} (not an admin). */
    static List<GroupMember> with(SignedGroupState head, GroupMember added) {
        List<GroupMember> members = new ArrayList<>(head.state().members());
        members.add(added);
        return members;
    }

    /**
     * {@code members}, with the first of them (the longest-standing) made an admin if none is: what
     * the last admin's leaving hands over.
     */
    static List<GroupMember> handedOver(List<GroupMember> members) {
        if (members.isEmpty() || members.stream().anyMatch(GroupMember::admin)) {
            return members;
        }
        List<GroupMember> out = new ArrayList<>(members);
        GroupMember first = out.get(0);
        out.set(0, new GroupMember(first.username(), first.identityKey(), true));
        return out;
    }

    /** The members of {@code head} but the one with {@code key}. */
    static List<GroupMember> without(SignedGroupState head, byte[] key) {
        return head.state().members().stream().filter(m -> !m.hasKey(key)).toList();
    }
}
