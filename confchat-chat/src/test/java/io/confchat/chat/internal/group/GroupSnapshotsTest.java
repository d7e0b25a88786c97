package io.confchat.chat.internal.group;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.confchat.chat.internal.device.DeviceState;
import io.confchat.chat.internal.group.TestGroup.User;
import io.confchat.chat.internal.proto.FormerMember;
import io.confchat.chat.internal.proto.HeldGroupState;
import io.confchat.chat.internal.proto.KeptMessageKey;
import io.confchat.chat.internal.proto.KeptReceivingChain;
import io.confchat.chat.internal.proto.KeptSendingChain;
import io.confchat.chat.internal.proto.KnownMember;
import io.confchat.dht.internal.sim.SeededRandom;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kept state of a group stays within the limit that both it and the device journal read back. */
class GroupSnapshotsTest {
    private static final int EPOCHS = 150;

    /**
     * Review 6: every epoch of 98 new members used to add their names for good (HeldGroup kept the
     * name of everyone ever seen); after a few dozen epochs the kept state no longer decoded (the
     * group was lost at a restart) and was over the journal's limit (review 5). Only the names of
     * current members, of owners of chains still read and of the {@value
     * FormerMembers#MAX_REMEMBERED} latest former members ({@link FormerMembers}) are kept now.
     */
    @Test
    void namesOfFormerMembers_areDropped_soTheKeptStateStaysBounded() {
        User admin = User.named("admin");
        User bob = User.named("bob");
        SignedGroupState head = TestGroup.genesis(admin, bob);
        MembershipChain chain = MembershipChain.start(head).chain().orElseThrow();
        GroupKeys bobKeys = GroupKeys.of(bob.key(), chain, SeededRandom.of(1));
        HeldGroup held = new HeldGroup(bobKeys, GroupStates.encodeRecord(head), HeldGroup.Standing.JOINED, "");
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            List<GroupMember> members = new ArrayList<>();
            members.add(admin.asMember(true));
            members.add(bob.asMember(false));
            for (int i = 0; i < 98; i++) {
                members.add(User.named(String.format("e%03d-m%02d-xxxxxxxxxxxxxxxxxxxxxx", epoch, i))
                        .asMember(false));
            }
            SignedGroupState next = TestGroup.next(head, admin, members);
            assertThat(bobKeys.offer(next, System.currentTimeMillis()).check()).isEqualTo(MembershipCheck.ACCEPTED);
            held.advanced(GroupStates.encodeRecord(next));
            head = next;
        }
        assertThat(held.names()).hasSize(100 + FormerMembers.MAX_REMEMBERED);
        byte[] kept = GroupSnapshots.encode(held);
        assertThat(kept.length).isLessThanOrEqualTo(GroupSnapshots.MAX_BYTES);
        HeldGroup restored =
                GroupSnapshots.decode(kept, bob.key(), SeededRandom.of(2)).orElseThrow();
        assertThat(restored.names()).isEqualTo(held.names());
        assertThat(restored.nameOf(admin.key())).contains("admin");
    }

    /**
     * The largest state a member keeps (100 members with the longest names, 2 chains of each of the
     * 99 others with every kept skipped key, positions and epochs at their longest encodings, a
     * membership record at its limit, the most former members remembered with their names and
     * late chains) decodes, and the device journal takes it.
     */
    @Test
    void theLargestKeptState_fitsItsLimit_andTheDeviceJournalsLimit() {
        SecureRandom random = SeededRandom.of(3);
        List<User> users = TestGroup.largestMembership();
        SignedGroupState head =
                TestGroup.genesis(users.get(0), users.subList(1, users.size()).toArray(User[]::new));
        byte[] record = GroupStates.encodeRecord(head);
        HeldGroupState.Builder b = HeldGroupState.newBuilder()
                .setMembership(ByteString.copyFrom(record))
                .setJoined(true)
                .setInvitedBy(users.get(0).name())
                .setSending(KeptSendingChain.newBuilder()
                        .setChainKey(ByteString.copyFrom(bytes(random)))
                        .setIteration(SendingChain.MAX_LENGTH)
                        .setSigningSeed(ByteString.copyFrom(bytes(random))));
        for (User owner : users.subList(1, users.size())) {
            for (int c = 0; c < GroupKeys.CHAINS_PER_MEMBER; c++) {
                KeptReceivingChain.Builder r = KeptReceivingChain.newBuilder()
                        .setOwner(ByteString.copyFrom(owner.key()))
                        .setEpoch(Long.MAX_VALUE)
                        .setChainId(ByteString.copyFrom(bytes(random)))
                        .setChainKey(ByteString.copyFrom(bytes(random)))
                        .setIteration(SendingChain.MAX_LENGTH);
                for (int k = 0; k < GroupSnapshots.KEPT_SKIPPED; k++) {
                    r.addSkipped(KeptMessageKey.newBuilder()
                            .setIteration(SendingChain.MAX_LENGTH - 1 - k)
                            .setSeed(ByteString.copyFrom(bytes(random))));
                }
                b.addReceiving(r);
            }
        }
        List<User> formers = new ArrayList<>();
        for (int i = 0; i < FormerMembers.MAX_REMEMBERED; i++) {
            formers.add(User.named(String.format("former-%03d-%s", i, "x".repeat(21))));
        }
        for (User f : formers) {
            FormerMember.Builder m = FormerMember.newBuilder()
                    .setIdentityKey(ByteString.copyFrom(f.key()))
                    .setRemovedIn(Long.MAX_VALUE)
                    .setShownUpToMillis(Long.MIN_VALUE);
            for (int c = 0; c < FormerMembers.LATE_CHAINS; c++) {
                m.addLateChainsRead(ByteString.copyFrom(bytes(random)));
            }
            b.addFormerMembers(m);
        }
        for (User u : concat(users, formers)) {
            b.addNames(KnownMember.newBuilder()
                    .setIdentityKey(ByteString.copyFrom(u.key()))
                    .setUsername(u.name()));
        }
        byte[] kept = b.build().toByteArray();
        int withLargestRecord = kept.length + (GroupStates.MAX_RECORD_BYTES - record.length);

        assertThat(withLargestRecord).isLessThanOrEqualTo(GroupSnapshots.MAX_BYTES);
        assertThat(GroupSnapshots.MAX_BYTES).isLessThanOrEqualTo(DeviceState.MAX_GROUP_STATE_BYTES);
        assertThat(GroupSnapshots.decode(kept, users.get(1).key(), random)).isPresent();
    }

    private static List<User> concat(List<User> a, List<User> b) {
        List<User> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static byte[] bytes(SecureRandom random) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return b;
    }
}
