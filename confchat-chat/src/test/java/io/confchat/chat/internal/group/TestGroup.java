package io.confchat.chat.internal.group;

import io.confchat.dht.crypto.Ed25519KeyPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Users with keys, and membership records they sign, for the tests of this package. */
final class TestGroup {
    static final byte[] NONCE = SenderKeyChainTest.filled(16, 0x5a);

    private TestGroup() {}

    /** A user with a key pair derived from its name. */
    record User(String name, Ed25519KeyPair keys) {
        static User named(String name) {
            byte[] seed = Arrays.copyOf(name.getBytes(java.nio.charset.StandardCharsets.UTF_8), 32);
            return new User(name, Ed25519KeyPair.fromPrivateKey(seed));
        }

        byte[] key() {
            return keys.publicKey();
        }

        GroupMember asMember(boolean admin) {
            return new GroupMember(name, key(), admin);
        }
    }

    /** A group's most members, each with a name of the longest kind a limit test wants (32 characters). */
    static List<User> largestMembership() {
        List<User> users = new ArrayList<>();
        for (int i = 0; i < GroupStates.MAX_MEMBERS; i++) {
            users.add(User.named(String.format("member-%03d-%s", i, "x".repeat(21))));
        }
        return users;
    }

    /** Epoch 0 by {@code creator} (an admin) with {@code others} as plain members. */
    static SignedGroupState genesis(User creator, User... others) {
        List<GroupMember> members = new ArrayList<>();
        members.add(creator.asMember(true));
        for (User u : others) {
            members.add(u.asMember(false));
        }
        byte[] id = GroupStates.groupId(creator.key(), NONCE);
        GroupState s = new GroupState(id, creator.key(), NONCE, 0, new byte[0], "friends", members, creator.key(), 1L);
        return decode(GroupStates.sign(s, creator.keys()));
    }

    /** The epoch after {@code previous} with {@code members}, signed by {@code signer}. */
    static SignedGroupState next(SignedGroupState previous, User signer, List<GroupMember> members) {
        return next(previous, signer, members, previous.state().name());
    }

    static SignedGroupState next(SignedGroupState previous, User signer, List<GroupMember> members, String name) {
        GroupState p = previous.state();
        GroupState s = new GroupState(
                p.groupId(),
                p.creatorKey(),
                p.creatorNonce(),
                p.epoch() + 1,
                previous.hash(),
                name,
                members,
                signer.key(),
                p.issuedAtMillis() + 1);
        return decode(GroupStates.sign(s, signer.keys()));
    }

    static List<GroupMember> plus(SignedGroupState s, GroupMember m) {
        List<GroupMember> members = new ArrayList<>(s.state().members());
        members.add(m);
        return members;
    }

    static List<GroupMember> plus(List<GroupMember> members, GroupMember m) {
        List<GroupMember> out = new ArrayList<>(members);
        out.add(m);
        return out;
    }

    static List<GroupMember> without(SignedGroupState s, User u) {
        return s.state().members().stream().filter(m -> !m.hasKey(u.key())).toList();
    }

    /** The members of {@code s}, {@code u} made an admin (in its place). */
    static List<GroupMember> promoted(SignedGroupState s, User u) {
        return s.state().members().stream()
                .map(m -> m.hasKey(u.key()) ? new GroupMember(m.username(), m.identityKey(), true) : m)
                .toList();
    }

    static SignedGroupState decode(byte[] record) {
        return GroupStates.decode(record).orElseThrow(() -> new AssertionError("does not decode"));
    }
}
