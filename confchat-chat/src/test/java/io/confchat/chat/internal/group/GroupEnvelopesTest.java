package io.confchat.chat.internal.group;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.confchat.api.chat.GroupId;
import io.confchat.chat.internal.proto.GroupControl;
import io.confchat.chat.internal.proto.GroupEnvelope;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class GroupEnvelopesTest {
    private final List<TestGroup.User> users = TestGroup.largestMembership();
    private final SignedGroupState largest =
            TestGroup.genesis(users.get(0), users.subList(1, users.size()).toArray(TestGroup.User[]::new));
    private final byte[] record = GroupStates.encodeRecord(largest);
    private final Distribution chain = SendingChain.start(largest.state().groupId(), new SecureRandom())
            .distribution(0, users.get(1).key(), 0);
    private final byte[] id = SenderKeyChainTest.filled(GroupEnvelopes.CONTROL_ID_BYTES, 7);

    @Test
    void aHandOver_namesTheMembershipRecord_inAFewHundredBytes_whateverTheGroupsSize() {
        byte[] whole = GroupEnvelopes.control(record, Optional.of(chain), id);
        byte[] named = GroupEnvelopes.handOver(largest, chain, id);

        // a removal in a group of 100 puts 98 of these in each offline member's inbox
        assertThat(whole.length).isGreaterThan(4 * 1024);
        assertThat(named.length).isLessThan(400);
        GroupEnvelopes.Envelope.Control c = control(named);
        assertThat(c.group()).isEqualTo(GroupId.of(largest.state().groupId()));
        assertThat(c.epoch()).isZero();
        assertThat(c.membershipHash()).isEqualTo(largest.hash());
        assertThat(c.membership()).isEmpty();
        assertThat(c.distribution().orElseThrow().chain().chainKey())
                .isEqualTo(chain.chain().chainKey());
        assertThat(c.id()).isEqualTo(id);
    }

    @Test
    void aControlCarryingTheRecord_namesItTheSameWay() {
        GroupEnvelopes.Envelope.Control c = control(GroupEnvelopes.control(record, Optional.empty(), id));

        assertThat(c.group()).isEqualTo(GroupId.of(largest.state().groupId()));
        assertThat(c.membershipHash()).isEqualTo(largest.hash());
        assertThat(c.membership().orElseThrow().stateBytes()).isEqualTo(largest.stateBytes());
        assertThat(c.distribution()).isEmpty();
    }

    @Test
    void aControl_withNeitherTheRecordNorAChain_orWithBothTheRecordAndItsName_isRefused() {
        assertThat(handOverWith(b -> b)).isPresent();
        assertThat(handOverWith(b -> b.clearDistribution())).isEmpty();
        assertThat(handOverWith(b -> b.setMembershipHash(ByteString.copyFrom(new byte[31]))))
                .isEmpty();
        assertThat(handOverWith(b -> b.setMembershipEpoch(-1))).isEmpty();
        assertThat(handOverWith(b -> b.setMembership(ByteString.copyFrom(record))))
                .isEmpty();
        assertThat(handOverWith(b -> b.setMembership(ByteString.copyFrom(record))
                        .clearMembershipHash()
                        .clearMembershipEpoch()))
                .isPresent();
    }

    @Test
    void aChainOfAnotherGroup_carriedWithARecord_isRefused() {
        Distribution other = SendingChain.start(SenderKeyChainTest.filled(32, 3), new SecureRandom())
                .distribution(0, users.get(1).key(), 0);

        assertThat(GroupEnvelopes.decode(GroupEnvelopes.control(record, Optional.of(other), id)))
                .isEmpty();
    }

    private static GroupEnvelopes.Envelope.Control control(byte[] bytes) {
        return (GroupEnvelopes.Envelope.Control) GroupEnvelopes.decode(bytes).orElseThrow();
    }

    private Optional<GroupEnvelopes.Envelope> handOverWith(UnaryOperator<GroupControl.Builder> change) {
        try {
            GroupEnvelope e = GroupEnvelope.parseFrom(GroupEnvelopes.handOver(largest, chain, id));
            GroupControl changed = change.apply(e.getControl().toBuilder()).build();
            return GroupEnvelopes.decode(
                    e.toBuilder().setControl(changed).build().toByteArray());
        } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
            throw new AssertionError(ex);
        }
    }
}
