package io.confchat.chat.internal.group;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.confchat.chat.internal.group.TestGroup.User;
import io.confchat.chat.internal.history.GroupKeysStore;
import io.confchat.chat.internal.proto.FormerMember;
import io.confchat.chat.internal.proto.GroupKeysBackup;
import io.confchat.chat.internal.proto.GroupStanding;
import io.confchat.chat.internal.proto.KeptMessageKey;
import io.confchat.chat.internal.proto.KeptReceivingChain;
import io.confchat.chat.internal.proto.KnownMember;
import io.confchat.dht.internal.sim.SeededRandom;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The key backup of a group for the user's other devices: what it holds (never a sending chain's
 * secrets), what a device restores from it (a new sending chain, the positions read), its largest
 * size, and a decoder that refuses anything out of bounds.
 */
class GroupBackupCodecTest {
    private final SecureRandom random = SeededRandom.of(7);
    private final User alice = User.named("alice");
    private final User bob = User.named("bob");
    private final User carol = User.named("carol");

    @Test
    void aRestoredGroup_readsFromTheBackedUpPositions_butSealsOnANewChainOfItsOwn() {
        HeldGroup onA = joined(alice);
        GroupKeys bobs = GroupKeys.of(bob.key(), chainOf(onA), random);
        Distribution bobsChain = bobs.distributionsToAll().stream()
                .filter(a -> a.recipient().hasKey(alice.key()))
                .findFirst()
                .orElseThrow()
                .distribution();
        assertThat(onA.keys().accept(bob.key(), bobsChain)).isEqualTo(GroupKeys.DistributionCheck.ACCEPTED);
        SealedGroupMessage first = bobs.seal(text("first")).message();
        SealedGroupMessage second = bobs.seal(text("second")).message();
        assertThat(onA.keys().open(first)).isInstanceOf(GroupKeys.Received.Text.class);
        onA.keys().seal(text("from A"));
        onA.keys().seal(text("from A, 2"));

        byte[] backup = GroupBackupCodec.encode(onA, 1L);
        byte[] sendingKey = onA.keys().kept().whole().sending().orElseThrow().chainKey();
        byte[] sendingSeed = onA.keys().kept().whole().sending().orElseThrow().signingSeed();
        assertThat(contains(backup, sendingKey)).isFalse();
        assertThat(contains(backup, sendingSeed)).isFalse();

        GroupBackupCodec.Backup b =
                GroupBackupCodec.decode(backup, onA.keys().state().groupId()).orElseThrow();
        assertThat(b.writtenAtMillis())
                .as("so that a login rewrites an old one")
                .isEqualTo(1L);
        assertThat(b.sendingChainId())
                .hasValueSatisfying(id ->
                        assertThat(id).isEqualTo(onA.keys().sendingChainId().orElseThrow()));
        assertThat(b.sendingChainNextIteration())
                .as("how far the sending chain went (no secret of it)")
                .isEqualTo(2);
        GroupKeys onB = GroupKeys.restoreElsewhere(
                alice.key(), MembershipChain.resume(b.head()), random, b.chains(), b.formers());
        assertThat(onB.open(first))
                .as("opened on A before the backup: not again")
                .isInstanceOf(GroupKeys.Received.Refused.class);
        assertThat(onB.open(second)).isInstanceOf(GroupKeys.Received.Text.class);
        assertThat(onB.sendingChainId().orElseThrow())
                .isNotEqualTo(onA.keys().sendingChainId().orElseThrow());
    }

    @Test
    void adoptPositions_movesAChainOnlyForward() {
        HeldGroup onA = joined(alice);
        GroupKeys bobs = GroupKeys.of(bob.key(), chainOf(onA), random);
        Distribution d = bobs.distributionsToAll().get(0).distribution();
        onA.keys().accept(bob.key(), d);
        GroupKeys behind = GroupKeys.restoreElsewhere(
                alice.key(),
                chainOf(onA),
                random,
                GroupBackupCodec.decode(
                                GroupBackupCodec.encode(onA, 1L),
                                onA.keys().state().groupId())
                        .orElseThrow()
                        .chains(),
                List.of());
        SealedGroupMessage m0 = bobs.seal(text("0")).message();
        SealedGroupMessage m1 = bobs.seal(text("1")).message();
        onA.keys().open(m0);
        List<KeptKeys.Chain> ahead = GroupBackupCodec.decode(
                        GroupBackupCodec.encode(onA, 1L), onA.keys().state().groupId())
                .orElseThrow()
                .chains();

        assertThat(behind.kept().adoptPositions(ahead)).isEqualTo(1);
        assertThat(behind.kept().adoptPositions(ahead)).as("already there").isZero();
        assertThat(behind.open(m0)).isInstanceOf(GroupKeys.Received.Refused.class);
        assertThat(behind.open(m1)).isInstanceOf(GroupKeys.Received.Text.class);
    }

    /**
     * carol was removed while alice stayed: the backup holds her as alice's device keeps her, with
     * the absolute end of the window and the cut-off, and a device restored from it reads carol's
     * late chain up to that same end, not a fresh window from the restore. Fails when the backup
     * leaves the former members out (GroupBackupCodec.addFormers) or the restore does not take them.
     */
    @Test
    void aFormerMember_isBackedUpWithItsAbsoluteWindow_andRestoredElsewhere() {
        HeldGroup onA = joined(alice);
        GroupKeys carols = GroupKeys.of(carol.key(), chainOf(onA), random);
        Distribution carolsChain = carols.distributionsToAll().stream()
                .filter(a -> a.recipient().hasKey(alice.key()))
                .findFirst()
                .orElseThrow()
                .distribution();
        SignedGroupState head = onA.keys().membershipHead();
        long appliedAt = 1_000_000L;
        SignedGroupState removal = TestGroup.next(head, alice, TestGroup.without(head, carol));
        assertThat(onA.keys().offer(removal, appliedAt).check()).isEqualTo(MembershipCheck.ACCEPTED);
        onA.advanced(GroupStates.encodeRecord(removal));
        long lateUntil = appliedAt + FormerMembers.LATE_WINDOW.toMillis();

        GroupBackupCodec.Backup b = GroupBackupCodec.decode(
                        GroupBackupCodec.encode(onA, appliedAt + 5_000),
                        onA.keys().state().groupId())
                .orElseThrow();
        assertThat(b.formers()).singleElement().satisfies(f -> {
            assertThat(f.owner()).isEqualTo(carol.key());
            assertThat(f.lateUntilMillis()).as("absolute, as kept on A").isEqualTo(lateUntil);
        });
        GroupKeys onB = GroupKeys.restoreElsewhere(
                alice.key(), MembershipChain.resume(b.head()), random, b.chains(), b.formers());
        assertThat(onB.isFormerMember(carol.key())).isTrue();
        assertThat(onB.accept(carol.key(), carolsChain)).isEqualTo(GroupKeys.DistributionCheck.OF_A_FORMER_MEMBER);
        GroupKeys.FormerChain late = onB.formerChain(carol.key(), carolsChain);
        assertThat(late.lateUntilMillis()).isEqualTo(lateUntil);
        assertThat(late.shownUpToMillis())
                .isEqualTo(onA.keys().formerMembers().get(0).shownUpToMillis());

        assertThat(GroupBackupCodec.decode(
                                GroupBackupCodec.encode(onA, lateUntil + 1),
                                onA.keys().state().groupId())
                        .orElseThrow()
                        .formers())
                .as("a former member whose window closed is of no use elsewhere: left out")
                .isEmpty();
    }

    /**
     * The largest backup ({@link #theLargestBackup_fitsTheRecord}) with the names of 64 former
     * members would not fit with all 64 of them (about 55 KiB): the latest removals are kept as far
     * as the record's limit allows, and it decodes. Fails when every former member is added.
     */
    @Test
    void theLargestBackup_keepsTheLatestFormerMembers_thatFitTheRecord() {
        List<User> users = TestGroup.largestMembership();
        SignedGroupState head =
                TestGroup.genesis(users.get(0), users.subList(1, users.size()).toArray(User[]::new));
        GroupKeysBackup.Builder b = largest(users, head);
        b.setMembership(ByteString.copyFrom(new byte[GroupStates.MAX_RECORD_BYTES])); // sized as the largest
        List<FormerMembers.Former> formers = new java.util.ArrayList<>();
        for (int i = 0; i < FormerMembers.MAX_REMEMBERED; i++) {
            formers.add(FormerMemberCodec.decode(List.of(former(FormerMembers.LATE_CHAINS)
                            .setLateUntilMillis(Long.MAX_VALUE)
                            .build()))
                    .get(0));
            b.addNames(KnownMember.newBuilder()
                    .setIdentityKey(ByteString.copyFrom(bytes()))
                    .setUsername("x".repeat(GroupStates.MAX_NAME_CHARS)));
        }

        GroupBackupCodec.addFormers(b, formers, 0L);

        assertThat(b.build().getSerializedSize()).isLessThanOrEqualTo(GroupKeysStore.MAX_PLAINTEXT_BYTES);
        assertThat(b.getFormerMembersCount()).isBetween(1, FormerMembers.MAX_REMEMBERED - 1);
        assertThat(b.getFormerMembers(b.getFormerMembersCount() - 1)
                        .getIdentityKey()
                        .toByteArray())
                .as("the latest removal")
                .isEqualTo(formers.get(formers.size() - 1).owner());
        b.setMembership(ByteString.copyFrom(GroupStates.encodeRecord(head)));
        assertThat(GroupBackupCodec.decode(b.build().toByteArray(), head.state().groupId()))
                .isPresent();
    }

    /** 100 members, 2 chains of each of the 99 others, a membership record at its limit. */
    @Test
    void theLargestBackup_fitsTheRecord() {
        List<User> users = TestGroup.largestMembership();
        SignedGroupState head =
                TestGroup.genesis(users.get(0), users.subList(1, users.size()).toArray(User[]::new));
        byte[] record = GroupStates.encodeRecord(head);
        GroupKeysBackup.Builder b = largest(users, head);
        byte[] largest = b.build().toByteArray();
        int withLargestRecord = largest.length + (GroupStates.MAX_RECORD_BYTES - record.length);

        assertThat(withLargestRecord).isLessThanOrEqualTo(GroupKeysStore.MAX_PLAINTEXT_BYTES);
        assertThat(GroupBackupCodec.decode(largest, head.state().groupId())).isPresent();
    }

    private GroupKeysBackup.Builder largest(List<User> users, SignedGroupState head) {
        GroupKeysBackup.Builder b = GroupKeysBackup.newBuilder()
                .setGroupId(ByteString.copyFrom(head.state().groupId()))
                .setStanding(GroupStanding.GROUP_JOINED)
                .setMembership(ByteString.copyFrom(GroupStates.encodeRecord(head)))
                .setInvitedBy(users.get(0).name())
                .setSendingChainId(ByteString.copyFrom(bytes()))
                .setSendingChainNextIteration(SendingChain.MAX_LENGTH)
                .setWrittenAtMillis(Long.MAX_VALUE);
        for (User owner : users.subList(1, users.size())) {
            for (int c = 0; c < GroupKeys.CHAINS_PER_MEMBER; c++) {
                b.addReceiving(chain(owner).setEpoch(Long.MAX_VALUE));
            }
        }
        return b;
    }

    private FormerMember.Builder former(int lateChainsRead) {
        FormerMember.Builder f = FormerMember.newBuilder()
                .setIdentityKey(ByteString.copyFrom(bytes()))
                .setRemovedIn(Long.MAX_VALUE)
                .setShownUpToMillis(Long.MIN_VALUE)
                .setLateUntilMillis(Long.MIN_VALUE);
        for (int i = 0; i < lateChainsRead; i++) {
            f.addLateChainsRead(ByteString.copyFrom(bytes()));
        }
        return f;
    }

    @Test
    void decode_refusesWhatIsOutOfBounds() {
        HeldGroup g = joined(alice);
        byte[] id = g.keys().state().groupId();
        GroupKeysBackup valid = parse(GroupBackupCodec.encode(g, 1L));
        assertThat(GroupBackupCodec.decode(valid.toByteArray(), id)).isPresent();

        byte[] otherGroup = id.clone();
        otherGroup[0] ^= 1;
        assertThat(GroupBackupCodec.decode(valid.toByteArray(), otherGroup))
                .as("another group's")
                .isEmpty();
        assertThat(GroupBackupCodec.decode(GroupBackupCodec.left(id), id))
                .as("a tombstone")
                .isEmpty();
        assertThat(GroupBackupCodec.decode(new byte[GroupKeysStore.MAX_PLAINTEXT_BYTES + 1], id))
                .as("too long")
                .isEmpty();
        assertThat(GroupBackupCodec.decode(new byte[] {0x0a, 0x7f}, id))
                .as("cut short")
                .isEmpty();
        List<UnaryOperator<GroupKeysBackup.Builder>> broken = List.of(
                x -> x.setStanding(GroupStanding.GROUP_STANDING_UNSPECIFIED),
                x -> x.setSendingChainId(ByteString.copyFrom(new byte[31])),
                x -> x.setMembership(ByteString.copyFrom(new byte[] {1, 2, 3})),
                x -> x.addReceiving(chain(bob).setChainKey(ByteString.copyFrom(new byte[33]))),
                x -> x.addReceiving(chain(bob).setOwner(ByteString.EMPTY)),
                x -> x.addReceiving(chain(bob).setIteration(SendingChain.MAX_LENGTH + 1)),
                x -> x.addReceiving(chain(bob).setIteration(-1)),
                x -> x.addReceiving(chain(bob)
                        .addSkipped(KeptMessageKey.newBuilder().setIteration(0).setSeed(ByteString.copyFrom(bytes())))),
                x -> x.addNames(KnownMember.newBuilder()
                        .setIdentityKey(ByteString.copyFrom(new byte[5]))
                        .setUsername("x")),
                x -> {
                    for (int i = 0; i <= GroupBackupCodec.MAX_CHAINS; i++) {
                        x.addReceiving(chain(bob));
                    }
                    return x;
                },
                x -> {
                    for (int i = 0; i <= FormerMembers.MAX_REMEMBERED; i++) {
                        x.addFormerMembers(former(0));
                    }
                    return x;
                },
                x -> x.addFormerMembers(former(FormerMembers.LATE_CHAINS + 1)),
                x -> x.addFormerMembers(former(0).setIdentityKey(ByteString.copyFrom(new byte[31]))),
                x -> x.addFormerMembers(former(1).setLateChainsRead(0, ByteString.copyFrom(new byte[33]))));
        for (int i = 0; i < broken.size(); i++) {
            byte[] bytes = broken.get(i).apply(valid.toBuilder()).build().toByteArray();
            assertThat(GroupBackupCodec.decode(bytes, id)).as("case %d", i).isEmpty();
        }
    }

    private HeldGroup joined(User self) {
        SignedGroupState head = TestGroup.genesis(alice, bob, carol);
        MembershipChain chain = MembershipChain.start(head).chain().orElseThrow();
        return new HeldGroup(
                GroupKeys.of(self.key(), chain, random), GroupStates.encodeRecord(head), HeldGroup.Standing.JOINED, "");
    }

    private static MembershipChain chainOf(HeldGroup g) {
        return MembershipChain.resume(g.keys().membershipHead());
    }

    private KeptReceivingChain.Builder chain(User owner) {
        return KeptReceivingChain.newBuilder()
                .setOwner(ByteString.copyFrom(owner.key()))
                .setChainId(ByteString.copyFrom(bytes()))
                .setChainKey(ByteString.copyFrom(bytes()))
                .setIteration(SendingChain.MAX_LENGTH);
    }

    private static GroupKeysBackup parse(byte[] bytes) {
        try {
            return GroupKeysBackup.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private GroupText text(String t) {
        return new GroupText(io.confchat.api.chat.MessageId.random(random), 1L, t);
    }

    private byte[] bytes() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return b;
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }
}
