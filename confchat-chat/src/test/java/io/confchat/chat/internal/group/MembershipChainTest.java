package io.confchat.chat.internal.group;

import static io.confchat.chat.internal.group.TestGroup.genesis;
import static io.confchat.chat.internal.group.TestGroup.next;
import static io.confchat.chat.internal.group.TestGroup.plus;
import static io.confchat.chat.internal.group.TestGroup.promoted;
import static io.confchat.chat.internal.group.TestGroup.without;
import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.chat.internal.group.TestGroup.User;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MembershipChainTest {
    private final User alice = User.named("alice");
    private final User bob = User.named("bob");
    private final User carol = User.named("carol");
    private final User dave = User.named("dave");

    private SignedGroupState epoch0;
    private MembershipChain chain;

    @BeforeEach
    void setUp() {
        epoch0 = genesis(alice, bob, carol);
        chain = MembershipChain.start(epoch0).chain().orElseThrow();
    }

    @Test
    void offer_shouldAcceptAnAdminsChangesInOrder() {
        SignedGroupState epoch1 = next(epoch0, alice, plus(epoch0, dave.asMember(false)));
        SignedGroupState epoch2 = next(epoch1, alice, without(epoch1, bob));

        assertThat(chain.offer(epoch1)).isEqualTo(MembershipCheck.ACCEPTED);
        assertThat(chain.offer(epoch2)).isEqualTo(MembershipCheck.ACCEPTED);
        assertThat(chain.head().state().isMember(bob.key())).isFalse();
        assertThat(chain.head().state().isMember(dave.key())).isTrue();
    }

    /**
     * A plain member signs a correctly linked epoch that adds a friend, or removes another member.
     * Fails without the admin check in {@code MembershipChain.mayChange} (checked).
     */
    @Test
    void offer_shouldRefuseANonAdminAddingOrRemoving() {
        SignedGroupState addsDave = next(epoch0, bob, plus(epoch0, dave.asMember(false)));
        SignedGroupState removesCarol = next(epoch0, bob, without(epoch0, carol));
        SignedGroupState makesItselfAdmin =
                next(epoch0, bob, List.of(alice.asMember(true), bob.asMember(true), carol.asMember(false)));

        assertThat(chain.offer(addsDave)).isEqualTo(MembershipCheck.NOT_AUTHORIZED);
        assertThat(chain.offer(removesCarol)).isEqualTo(MembershipCheck.NOT_AUTHORIZED);
        assertThat(chain.offer(makesItselfAdmin)).isEqualTo(MembershipCheck.NOT_AUTHORIZED);
        assertThat(chain.head()).isSameAs(epoch0);
    }

    @Test
    void offer_shouldRefuseAStrangerSigningTheNextEpoch() {
        SignedGroupState byDave = next(epoch0, dave, plus(epoch0, dave.asMember(true)));

        assertThat(chain.offer(byDave)).isEqualTo(MembershipCheck.NOT_AUTHORIZED);
    }

    @Test
    void offer_shouldLetAMemberLeaveByRemovingOnlyItself() {
        SignedGroupState leaves = next(epoch0, carol, without(epoch0, carol));
        SignedGroupState leavesAndRenames = next(epoch0, carol, without(epoch0, carol), "carol was here");

        assertThat(chain.offer(leavesAndRenames)).isEqualTo(MembershipCheck.NOT_AUTHORIZED);
        assertThat(chain.offer(leaves)).isEqualTo(MembershipCheck.ACCEPTED);
        assertThat(chain.head().state().isMember(carol.key())).isFalse();
    }

    /**
     * Bob is made admin, then removed; he signs a correctly linked next epoch that puts him back.
     * Fails without the admin check in {@code MembershipChain.mayChange} (checked): he was an admin
     * once, but not of the epoch he would follow.
     */
    @Test
    void offer_shouldRefuseARemovedAdminsSignature() {
        SignedGroupState bobAdmin =
                next(epoch0, alice, List.of(alice.asMember(true), bob.asMember(true), carol.asMember(false)));
        SignedGroupState bobRemoved = next(bobAdmin, alice, without(bobAdmin, bob));
        assertThat(chain.offer(bobAdmin)).isEqualTo(MembershipCheck.ACCEPTED);
        assertThat(chain.offer(bobRemoved)).isEqualTo(MembershipCheck.ACCEPTED);

        SignedGroupState bobBack = next(bobRemoved, bob, plus(bobRemoved, bob.asMember(true)));
        SignedGroupState bobRemovesAlice = next(bobRemoved, bob, List.of(carol.asMember(true)));

        assertThat(chain.offer(bobBack)).isEqualTo(MembershipCheck.NOT_AUTHORIZED);
        assertThat(chain.offer(bobRemovesAlice)).isEqualTo(MembershipCheck.NOT_AUTHORIZED);
        assertThat(chain.head()).isSameAs(bobRemoved);
    }

    /** A removed admin's fork of the epoch that removed it cannot replace what members hold. */
    @Test
    void offer_shouldKeepARemovedAdminsForkOut() {
        SignedGroupState bobAdmin =
                next(epoch0, alice, List.of(alice.asMember(true), bob.asMember(true), carol.asMember(false)));
        SignedGroupState bobRemoved = next(bobAdmin, alice, without(bobAdmin, bob));
        SignedGroupState bobsFork = next(bobAdmin, bob, without(bobAdmin, alice));
        chain.offer(bobAdmin);
        chain.offer(bobRemoved);

        assertThat(chain.offer(bobsFork)).isEqualTo(MembershipCheck.FORK);
        assertThat(chain.head()).isSameAs(bobRemoved);
    }

    /**
     * Admins rank by how long they have been members; carol, made an admin after bob, cannot remove
     * or demote him (so a removed admin was always removed by one who outranks it, whose branch wins
     * a fork: ForkChoice). Alice, the creator, can. Fails without {@code
     * Seniority.outranksEveryAdminItDrops} in {@code MembershipChain.mayChange} (checked).
     */
    @Test
    void offer_shouldRefuseAnAdminRemovingOrDemotingAnAdminWhoOutranksIt() {
        SignedGroupState bothAdmins =
                next(epoch0, alice, List.of(alice.asMember(true), bob.asMember(true), carol.asMember(true)));
        assertThat(chain.offer(bothAdmins)).isEqualTo(MembershipCheck.ACCEPTED);

        SignedGroupState carolRemovesBob = next(bothAdmins, carol, without(bothAdmins, bob));
        SignedGroupState carolDemotesBob =
                next(bothAdmins, carol, List.of(alice.asMember(true), bob.asMember(false), carol.asMember(true)));
        SignedGroupState bobRemovesCarol = next(bothAdmins, bob, without(bothAdmins, carol));
        SignedGroupState carolLeaves = next(bothAdmins, carol, without(bothAdmins, carol));

        assertThat(chain.check(carolRemovesBob)).isEqualTo(MembershipCheck.NOT_AUTHORIZED);
        assertThat(chain.check(carolDemotesBob)).isEqualTo(MembershipCheck.NOT_AUTHORIZED);
        assertThat(chain.check(bobRemovesCarol)).isEqualTo(MembershipCheck.ACCEPTED);
        assertThat(chain.check(carolLeaves)).isEqualTo(MembershipCheck.ACCEPTED);
        assertThat(chain.check(next(bothAdmins, alice, without(bothAdmins, bob))))
                .isEqualTo(MembershipCheck.ACCEPTED);
    }

    /** Ranks come from the members' order, so no change may move anyone up. */
    @Test
    void offer_shouldRefuseAChangeThatReordersTheMembers() {
        SignedGroupState bobAdmin = next(epoch0, alice, promoted(epoch0, bob));
        chain.offer(bobAdmin);

        SignedGroupState bobFirst =
                next(bobAdmin, bob, List.of(bob.asMember(true), alice.asMember(true), carol.asMember(false)));
        SignedGroupState carolBeforeANewcomer = next(
                bobAdmin,
                alice,
                List.of(alice.asMember(true), bob.asMember(true), dave.asMember(false), carol.asMember(false)));

        assertThat(chain.check(bobFirst)).isEqualTo(MembershipCheck.NOT_AUTHORIZED);
        assertThat(chain.check(carolBeforeANewcomer)).isEqualTo(MembershipCheck.NOT_AUTHORIZED);
        assertThat(chain.check(next(bobAdmin, alice, plus(bobAdmin, dave.asMember(false)))))
                .isEqualTo(MembershipCheck.ACCEPTED);
    }

    /** The last admin leaves by a record that also makes the longest-standing other member admin. */
    @Test
    void offer_shouldLetTheLastAdminLeaveHandingOverToAnotherMember() {
        SignedGroupState handsOver = next(epoch0, alice, List.of(bob.asMember(true), carol.asMember(false)));

        assertThat(chain.offer(handsOver)).isEqualTo(MembershipCheck.ACCEPTED);
        assertThat(chain.head().state().isAdmin(bob.key())).isTrue();
    }

    /**
     * Two checks refuse a replay independently: the epoch must be the head's plus one, and the record
     * must name the head's hash (an old record names an older one).
     */
    @Test
    void offer_shouldRefuseAReplayedOldEpoch() {
        SignedGroupState epoch1 = next(epoch0, alice, plus(epoch0, dave.asMember(false)));
        SignedGroupState epoch2 = next(epoch1, alice, without(epoch1, dave));
        chain.offer(epoch1);
        chain.offer(epoch2);

        assertThat(chain.offer(epoch1)).isEqualTo(MembershipCheck.STALE);
        assertThat(chain.offer(epoch0)).isEqualTo(MembershipCheck.STALE);
        assertThat(chain.offer(epoch2)).isEqualTo(MembershipCheck.STALE);
        assertThat(chain.head()).isSameAs(epoch2);
        assertThat(chain.head().state().isMember(dave.key())).isFalse();
    }

    @Test
    void offer_shouldAskForTheMissingEpochsFirst() {
        SignedGroupState epoch1 = next(epoch0, alice, plus(epoch0, dave.asMember(false)));
        SignedGroupState epoch2 = next(epoch1, alice, without(epoch1, bob));

        assertThat(chain.offer(epoch2)).isEqualTo(MembershipCheck.GAP);
        assertThat(chain.offer(epoch1)).isEqualTo(MembershipCheck.ACCEPTED);
        assertThat(chain.offer(epoch2)).isEqualTo(MembershipCheck.ACCEPTED);
    }

    /**
     * Review 3 (of the fixes): a record epochs ahead used to be a GAP before any check, and a GAP
     * starts DHT lookups: one with a broken signature, or signed by a stranger, is refused first.
     * Fails without the signature check before the GAP (checked).
     */
    @Test
    void offer_shouldNotCallAForgedRecordEpochsAheadAGap() {
        SignedGroupState epoch1 = next(epoch0, alice, plus(epoch0, dave.asMember(false)));
        SignedGroupState epoch2 = next(epoch1, alice, without(epoch1, bob));
        byte[] signature = epoch2.signature().clone();
        signature[5] ^= 1;
        SignedGroupState byAStranger = next(epoch1, dave, without(epoch1, bob));

        assertThat(chain.offer(new SignedGroupState(epoch2.state(), epoch2.stateBytes(), signature)))
                .isEqualTo(MembershipCheck.BAD_SIGNATURE);
        assertThat(chain.offer(byAStranger)).isEqualTo(MembershipCheck.NOT_AUTHORIZED);
        assertThat(chain.offer(epoch2)).isEqualTo(MembershipCheck.GAP);
        assertThat(chain.head()).isSameAs(epoch0);
    }

    @Test
    void offer_shouldRefuseALinkToAnotherState() {
        SignedGroupState elsewhere = next(epoch0, alice, plus(epoch0, dave.asMember(false)), "elsewhere");
        SignedGroupState epoch1 = next(epoch0, alice, plus(epoch0, dave.asMember(false)));
        chain.offer(epoch1);
        SignedGroupState linkedToElsewhere = next(elsewhere, alice, without(elsewhere, bob));

        assertThat(chain.offer(linkedToElsewhere)).isEqualTo(MembershipCheck.BROKEN_LINK);
    }

    @Test
    void offer_shouldRefuseAnotherGroupsRecord() {
        SignedGroupState other = genesis(bob, alice);
        SignedGroupState otherNext = next(other, bob, plus(other, carol.asMember(false)));

        assertThat(chain.offer(otherNext)).isEqualTo(MembershipCheck.WRONG_GROUP);
    }

    /** Fails without the signature check in {@code MembershipChain.offer} (checked). */
    @Test
    void offer_shouldRefuseABadSignature() {
        SignedGroupState epoch1 = next(epoch0, alice, plus(epoch0, dave.asMember(false)));
        byte[] signature = epoch1.signature().clone();
        signature[5] ^= 1;

        assertThat(chain.offer(new SignedGroupState(epoch1.state(), epoch1.stateBytes(), signature)))
                .isEqualTo(MembershipCheck.BAD_SIGNATURE);
        assertThat(chain.offer(epoch1)).isEqualTo(MembershipCheck.ACCEPTED);
    }

    @Test
    void start_shouldRefuseACreationNotSignedByTheCreatorAdmin() {
        GroupState g = epoch0.state();
        GroupState byBob = new GroupState(
                g.groupId(), g.creatorKey(), g.creatorNonce(), 0, new byte[0], g.name(), g.members(), bob.key(), 1);
        List<GroupMember> creatorNotAdmin = new ArrayList<>(List.of(alice.asMember(false), bob.asMember(true)));
        GroupState demoted = new GroupState(
                g.groupId(),
                g.creatorKey(),
                g.creatorNonce(),
                0,
                new byte[0],
                g.name(),
                creatorNotAdmin,
                alice.key(),
                1);
        SignedGroupState epoch1 = next(epoch0, alice, plus(epoch0, dave.asMember(false)));

        assertThat(MembershipChain.start(TestGroup.decode(GroupStates.sign(byBob, bob.keys())))
                        .check())
                .isEqualTo(MembershipCheck.NOT_AUTHORIZED);
        assertThat(MembershipChain.start(TestGroup.decode(GroupStates.sign(demoted, alice.keys())))
                        .check())
                .isEqualTo(MembershipCheck.NOT_AUTHORIZED);
        assertThat(MembershipChain.start(epoch1).check()).isEqualTo(MembershipCheck.MALFORMED);
        assertThat(MembershipChain.start(epoch0).check()).isEqualTo(MembershipCheck.ACCEPTED);
    }
}
