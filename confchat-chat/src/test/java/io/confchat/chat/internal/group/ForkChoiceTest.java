package io.confchat.chat.internal.group;

import static io.confchat.chat.internal.group.TestGroup.genesis;
import static io.confchat.chat.internal.group.TestGroup.next;
import static io.confchat.chat.internal.group.TestGroup.plus;
import static io.confchat.chat.internal.group.TestGroup.promoted;
import static io.confchat.chat.internal.group.TestGroup.without;
import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.chat.internal.group.TestGroup.User;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ForkChoiceTest {
    private final User alice = User.named("alice");
    private final User bob = User.named("bob");
    private final User carol = User.named("carol");
    private final User dave = User.named("dave");
    private final User erin = User.named("erin");
    private final User mallory = User.named("mallory");

    private final SignedGroupState epoch0 = genesis(alice, bob, carol);
    /** Alice makes bob, then carol, admins: alice outranks bob, who outranks carol. */
    private final SignedGroupState epoch1 = next(epoch0, alice, promoted(epoch0, bob));

    private final SignedGroupState epoch2 = next(epoch1, alice, promoted(epoch1, carol));

    /**
     * Alice and bob change the group at once. Every member, whichever branch it holds and in
     * whatever order the records come, follows the same one: alice's (she outranks bob).
     */
    @Test
    void resolve_shouldChooseTheSameBranchForEveryMemberInAnyOrder() {
        SignedGroupState byAlice = next(epoch2, alice, plus(epoch2, dave.asMember(false)));
        SignedGroupState byBob = next(epoch2, bob, plus(epoch2, erin.asMember(false)));
        SignedGroupState afterBob = next(byBob, bob, without(byBob, erin));
        List<SignedGroupState> records = new ArrayList<>(List.of(epoch0, epoch1, epoch2, byAlice, byBob, afterBob));
        Random shuffle = new Random(7);

        for (int i = 0; i < 10; i++) {
            Collections.shuffle(records, shuffle);
            for (SignedGroupState held : List.of(epoch2, byAlice, byBob, afterBob)) {
                ForkChoice.Branch b = ForkChoice.resolve(held, records);
                assertThat(b.head()).as("from epoch %d", held.state().epoch()).isSameAs(byAlice);
            }
        }
    }

    /**
     * Carol adds dave (epoch 3), then alice removes bob (epoch 4). Bob, still an admin of epoch 2,
     * later forks epoch 3 removing carol (he outranks her, so it is a valid link). Alice's branch
     * wins: it holds alice, who outranks bob, though its first record is carol's, whom bob
     * outranks. Fails when the choice compares only the first records (checked).
     */
    @Test
    void resolve_shouldNeverLetARemovedAdminsLateForkWin() {
        SignedGroupState carolAddsDave = next(epoch2, carol, plus(epoch2, dave.asMember(false)));
        SignedGroupState aliceRemovesBob = next(carolAddsDave, alice, without(carolAddsDave, bob));
        List<GroupMember> bobsMembers = new ArrayList<>(without(epoch2, carol));
        bobsMembers.add(mallory.asMember(true));
        SignedGroupState bobsFork = next(epoch2, bob, bobsMembers);
        SignedGroupState bobsNext = next(bobsFork, bob, plus(bobsFork, erin.asMember(false)));
        assertThat(MembershipChain.follows(epoch2, bobsFork)).isEqualTo(MembershipCheck.ACCEPTED);
        assertThat(MembershipChain.follows(bobsFork, bobsNext)).isEqualTo(MembershipCheck.ACCEPTED);

        List<SignedGroupState> records =
                List.of(epoch0, epoch1, epoch2, carolAddsDave, aliceRemovesBob, bobsFork, bobsNext);
        for (SignedGroupState held : List.of(aliceRemovesBob, carolAddsDave, bobsNext)) {
            assertThat(ForkChoice.resolve(held, records).head()).isSameAs(aliceRemovesBob);
        }
        assertThat(ForkChoice.fromCreation(epoch0.state().groupId(), records)
                        .orElseThrow()
                        .head())
                .isSameAs(aliceRemovesBob);
    }

    /** A member on a losing branch is given the way back: its ancestor, then the winning records. */
    @Test
    void resolve_shouldAnchorALosingBranchAtTheForkAndProveItByTheLinks() {
        SignedGroupState byAlice = next(epoch2, alice, plus(epoch2, dave.asMember(false)));
        SignedGroupState byBob = next(epoch2, bob, plus(epoch2, erin.asMember(false)));

        ForkChoice.Branch fromBob = ForkChoice.resolve(byBob, List.of(epoch1, epoch2, byAlice, byBob));
        ForkChoice.Branch notLinked = ForkChoice.resolve(byBob, List.of(epoch1, byAlice, byBob));

        assertThat(fromBob.anchor()).isSameAs(epoch1);
        assertThat(fromBob.path()).containsExactly(epoch2, byAlice);
        assertThat(notLinked.anchor())
                .as("epoch 2 not read: no ancestor of bob's record")
                .isSameAs(byBob);
        assertThat(notLinked.path()).isEmpty();
    }

    /** Records that are no valid link (forged, by a stranger, another group's) are never chosen. */
    @Test
    void resolve_shouldIgnoreInvalidRecords() {
        SignedGroupState byMallory = next(epoch2, mallory, plus(epoch2, mallory.asMember(true)));
        byte[] signature = next(epoch2, alice, plus(epoch2, erin.asMember(false)))
                .signature()
                .clone();
        SignedGroupState badlySigned = new SignedGroupState(
                next(epoch2, alice, plus(epoch2, erin.asMember(false))).state(),
                next(epoch2, alice, plus(epoch2, erin.asMember(false))).stateBytes(),
                flip(signature));
        SignedGroupState byCarol = next(epoch2, carol, plus(epoch2, dave.asMember(false)));

        ForkChoice.Branch b = ForkChoice.resolve(epoch2, List.of(epoch2, byMallory, badlySigned, byCarol));

        assertThat(b.path()).containsExactly(byCarol);
    }

    private static byte[] flip(byte[] b) {
        b[3] ^= 1;
        return b;
    }
}
