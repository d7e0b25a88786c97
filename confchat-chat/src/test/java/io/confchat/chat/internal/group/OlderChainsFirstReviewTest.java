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
 * Review of {@link OlderChainsFirst} (d58ee61): what a malicious member can make another member
 * hold in memory.
 */
class OlderChainsFirstReviewTest {
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
    void review_heldMessages_areBoundedByTheChainsHeld_notByTheHandOversSent() {
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

    private Distribution toCarol(java.util.List<GroupKeys.Addressed> addressed) {
        return addressed.stream()
                .filter(a -> a.recipient().hasKey(carol.key()))
                .findFirst()
                .orElseThrow()
                .distribution();
    }
}
