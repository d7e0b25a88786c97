package io.confchat.chat.internal.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.confchat.chat.internal.group.TestGroup.User;
import io.confchat.chat.internal.proto.GroupMembership;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class GroupStatesTest {
    private final User alice = User.named("alice");
    private final SignedGroupState genesis = TestGroup.genesis(alice, User.named("bob"));

    @Test
    void decode_shouldReturnTheSignedStateAsSigned() {
        assertThat(genesis.state().name()).isEqualTo("friends");
        assertThat(genesis.state().members()).hasSize(2);
        assertThat(genesis.isSignedBySigner()).isTrue();
        assertThat(genesis.state().groupId()).isEqualTo(GroupStates.groupId(alice.key(), TestGroup.NONCE));
    }

    @Test
    void decode_shouldRefuseEveryFieldOutOfBounds() {
        assertThat(decodeWith(b -> b)).isPresent();

        assertThat(decodeWith(b -> b.setGroupId(ByteString.copyFrom(new byte[32]))))
                .as("id not derived")
                .isEmpty();
        assertThat(decodeWith(b -> b.setCreatorNonce(ByteString.copyFrom(new byte[15]))))
                .isEmpty();
        assertThat(decodeWith(b -> b.setCreatorIdentityKey(ByteString.copyFrom(new byte[31]))))
                .isEmpty();
        assertThat(decodeWith(b -> b.setSignerIdentityKey(ByteString.EMPTY))).isEmpty();
        assertThat(decodeWith(b -> b.setPreviousStateHash(ByteString.copyFrom(new byte[32]))))
                .as("hash at 0")
                .isEmpty();
        assertThat(decodeWith(b -> b.setEpoch(1))).as("no hash at 1").isEmpty();
        assertThat(decodeWith(b -> b.setEpoch(-1).setPreviousStateHash(ByteString.copyFrom(new byte[32]))))
                .isEmpty();
        assertThat(decodeWith(b -> b.setName(""))).isEmpty();
        assertThat(decodeWith(b -> b.setName("x".repeat(65)))).isEmpty();
        assertThat(decodeWith(b -> b.setName("x".repeat(64)))).isPresent();
        assertThat(decodeWith(b -> b.setName("evil\u202Eeman")))
                .as("bidi override")
                .isEmpty();
        assertThat(decodeWith(b -> b.setName("two\nlines"))).isEmpty();
        assertThat(decodeWith(b -> b.setName("e\u0301"))).as("not NFC").isEmpty();
        assertThat(decodeWith(b -> b.clearMembers())).isEmpty();
        assertThat(decodeWith(b -> b.setMembers(0, b.getMembers(0).toBuilder().setUsername("Alice"))))
                .isEmpty();
        assertThat(decodeWith(b -> b.setMembers(
                        1,
                        b.getMembers(1).toBuilder()
                                .setIdentityKey(b.getMembers(0).getIdentityKey()))))
                .as("a key twice")
                .isEmpty();
        assertThat(decodeWith(b -> b.setMembers(1, b.getMembers(1).toBuilder().setUsername("alice"))))
                .as("a name twice")
                .isEmpty();
        assertThat(decodeWith(b -> b.setMembers(0, b.getMembers(0).toBuilder().setAdmin(false))))
                .as("no admin")
                .isEmpty();
    }

    @Test
    void decode_shouldTakeAHundredMembersButNotMore() {
        assertThat(decodeWith(b -> withMembers(b, 100))).isPresent();
        assertThat(decodeWith(b -> withMembers(b, 101))).isEmpty();
    }

    @Test
    void decode_shouldRefuseOversizedOrGarbledRecordsBeforeParsingTheState() {
        assertThat(GroupStates.decode(new byte[GroupStates.MAX_RECORD_BYTES + 1]))
                .isEmpty();
        assertThat(GroupStates.decode(new byte[] {(byte) 0xff, 0x01})).isEmpty();
        assertThat(GroupStates.decode(null)).isEmpty();
        byte[] bigState = new byte[GroupStates.MAX_STATE_BYTES + 1];
        assertThat(GroupStates.decode(GroupMembership.newBuilder()
                        .setState(ByteString.copyFrom(bigState))
                        .setSignature(ByteString.copyFrom(new byte[64]))
                        .build()
                        .toByteArray()))
                .isEmpty();
        assertThat(GroupStates.decode(GroupMembership.newBuilder()
                        .setState(ByteString.copyFrom(genesis.stateBytes()))
                        .setSignature(ByteString.copyFrom(new byte[63]))
                        .build()
                        .toByteArray()))
                .isEmpty();
    }

    @Test
    void sign_shouldRefuseASignerTheStateDoesNotName_orAStateOutOfBounds() {
        GroupState s = genesis.state();
        GroupState renamed = new GroupState(
                s.groupId(), s.creatorKey(), s.creatorNonce(), 0, new byte[0], "", s.members(), s.signerKey(), 1);

        assertThatThrownBy(() -> GroupStates.sign(s, User.named("bob").keys()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GroupStates.sign(renamed, alice.keys())).isInstanceOf(IllegalArgumentException.class);
    }

    private static io.confchat.chat.internal.proto.GroupState.Builder withMembers(
            io.confchat.chat.internal.proto.GroupState.Builder b, int count) {
        List<io.confchat.chat.internal.proto.GroupMember> members =
                new ArrayList<>(b.getMembersList().subList(0, 1));
        for (int i = 1; i < count; i++) {
            members.add(io.confchat.chat.internal.proto.GroupMember.newBuilder()
                    .setUsername("member" + i)
                    .setIdentityKey(ByteString.copyFrom(User.named("member" + i).key()))
                    .build());
        }
        return b.clearMembers().addAllMembers(members);
    }

    /** Changes the genesis state's fields, re-signs the bytes as they are, and decodes. */
    private java.util.Optional<SignedGroupState> decodeWith(
            UnaryOperator<io.confchat.chat.internal.proto.GroupState.Builder> change) {
        try {
            var state = change.apply(
                            io.confchat.chat.internal.proto.GroupState.parseFrom(genesis.stateBytes()).toBuilder())
                    .build()
                    .toByteArray();
            return GroupStates.decode(GroupMembership.newBuilder()
                    .setState(ByteString.copyFrom(state))
                    .setSignature(ByteString.copyFrom(alice.keys().sign(GroupStates.signingInput(state))))
                    .build()
                    .toByteArray());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
