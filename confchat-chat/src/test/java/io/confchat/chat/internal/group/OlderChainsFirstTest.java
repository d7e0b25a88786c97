package io.confchat.chat.internal.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.MessageId;
import io.confchat.chat.internal.group.TestGroup.User;
import io.confchat.dht.internal.sim.SeededRandom;
import io.confchat.dht.time.ManualScheduler;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link OlderChainsFirst}: what a malicious member or a third party can make another member hold
 * back, for how long, and in memory.
 */
class OlderChainsFirstTest {
    private final SecureRandom random = SeededRandom.of(11);
    private final User alice = User.named("alice");
    private final User bob = User.named("bob");
    private final User carol = User.named("carol");

    /**
     * bob (a member) hands carol chain after chain, each saying (falsely) that his chain before went
     * {@link SendingChain#MAX_LENGTH} messages, and sends {@link OlderChainsFirst#MAX_HELD} messages
     * on each (up to 17 KiB each). carol reads at most {@link GroupKeys#CHAINS_PER_MEMBER} chains of
     * bob, so at most that many chains' messages should ever be held for him; but a held chain that
     * is dropped (a newer one of bob taken) keeps its held messages until its 30 s timer: within
     * one 30 s window, the held messages grow with the number of hand-overs bob sends (here 20
     * chains: 640 messages, about 11 MB at full size; unbounded as bob sends more).
     */
    @Test
    void heldMessages_areBoundedByTheChainsHeld_notByTheHandOversSent() {
        SignedGroupState head = TestGroup.genesis(alice, bob, carol);
        GroupKeys bobs =
                GroupKeys.of(bob.key(), MembershipChain.start(head).chain().orElseThrow(), random);
        GroupKeys carols =
                GroupKeys.of(carol.key(), MembershipChain.start(head).chain().orElseThrow(), random);
        assertThat(carols.accept(bob.key(), toCarol(bobs.distributionsToAll())))
                .isEqualTo(GroupKeys.DistributionCheck.ACCEPTED);
        HeldGroup g = new HeldGroup(carols, GroupStates.encodeRecord(head), HeldGroup.Standing.JOINED, "");
        HeldGroups held = new HeldGroups(new OfflineLinks(), carol.key(), random, MemoryBackups.of());
        ManualScheduler clock = new ManualScheduler();
        OlderChainsFirst olderFirst =
                new OlderChainsFirst(held, clock, (group, chains) -> CompletableFuture.completedFuture(null));

        int handed = 0;
        AtomicInteger released = new AtomicInteger();
        for (int chain = 0; chain < 20; chain++) {
            assertThat(carols.accept(bob.key(), toCarol(bobs.restartSending(SendingChain.MAX_LENGTH))))
                    .isEqualTo(GroupKeys.DistributionCheck.ACCEPTED);
            for (int i = 0; i < OlderChainsFirst.MAX_HELD; i++) {
                SealedGroupMessage m = bobs.seal(new GroupText(MessageId.random(random), 1L, "x"))
                        .message();
                if (olderFirst.holdBack(g, m, released::incrementAndGet)) {
                    handed++;
                }
            }
        }

        assertThat(handed - released.get())
                .as("messages of bob held at once (no time passed)")
                .isLessThanOrEqualTo(GroupKeys.CHAINS_PER_MEMBER * OlderChainsFirst.MAX_HELD);
    }

    /**
     * bob's message on his old chain has not reached carol when his new chain (saying the old one
     * went 1) and its first message do: that message is held. Anyone who can send carol a live
     * group envelope (any member; GroupIntake.message does not ask that the peer owns the chain)
     * replays that one message {@link OlderChainsFirst#MAX_HELD} times. Each copy is signed by the
     * chain; were copies counted as held, the 33rd would let them all go before bob's older
     * message and long before {@link OlderChainsFirst#WAIT}, bob's order broken by a third party
     * at will. Only distinct iterations count: nothing goes on.
     */
    @Test
    void replaysOfOneHeldMessage_doNotReleaseTheChainBeforeItsOlderChain() {
        SignedGroupState head = TestGroup.genesis(alice, bob, carol);
        GroupKeys bobs =
                GroupKeys.of(bob.key(), MembershipChain.start(head).chain().orElseThrow(), random);
        GroupKeys carols =
                GroupKeys.of(carol.key(), MembershipChain.start(head).chain().orElseThrow(), random);
        assertThat(carols.accept(bob.key(), toCarol(bobs.distributionsToAll())))
                .isEqualTo(GroupKeys.DistributionCheck.ACCEPTED);
        bobs.seal(new GroupText(MessageId.random(random), 1L, "old chain, not come yet"));
        assertThat(carols.accept(bob.key(), toCarol(bobs.restartSending(1))))
                .isEqualTo(GroupKeys.DistributionCheck.ACCEPTED);
        HeldGroup g = new HeldGroup(carols, GroupStates.encodeRecord(head), HeldGroup.Standing.JOINED, "");
        HeldGroups held = new HeldGroups(new OfflineLinks(), carol.key(), random, MemoryBackups.of());
        OlderChainsFirst olderFirst = new OlderChainsFirst(
                held, new ManualScheduler(), (group, chains) -> CompletableFuture.completedFuture(null));
        SealedGroupMessage onTheNewChain = bobs.seal(new GroupText(MessageId.random(random), 2L, "new chain"))
                .message();
        AtomicInteger released = new AtomicInteger();
        assertThat(olderFirst.holdBack(g, onTheNewChain, released::incrementAndGet))
                .isTrue();

        for (int replay = 0; replay < OlderChainsFirst.MAX_HELD; replay++) {
            olderFirst.holdBack(g, onTheNewChain, released::incrementAndGet);
        }

        assertThat(released.get())
                .as("nothing goes on before bob's older chain was read (or the wait is over)")
                .isZero();
    }

    private Distribution toCarol(java.util.List<GroupKeys.Addressed> addressed) {
        return addressed.stream()
                .filter(a -> a.recipient().hasKey(carol.key()))
                .findFirst()
                .orElseThrow()
                .distribution();
    }
}
