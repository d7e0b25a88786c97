package io.confchat.chat.internal.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.GroupId;
import io.confchat.api.chat.MessageId;
import io.confchat.chat.internal.group.TestGroup.User;
import io.confchat.dht.internal.sim.SeededRandom;
import io.confchat.dht.time.ManualScheduler;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link BeforeTheirChains}: what anyone who can send a member a live group envelope can make it
 * hold (messages signed by chains it never hands over), and that what is held comes back in
 * order, once, and not after {@link BeforeTheirChains#KEPT_FOR}.
 */
class BeforeTheirChainsTest {
    private final SecureRandom random = SeededRandom.of(13);
    private final User alice = User.named("alice");
    private final User bob = User.named("bob");
    private final ManualScheduler clock = new ManualScheduler();
    private final BeforeTheirChains early = new BeforeTheirChains(clock);
    private final SignedGroupState head = TestGroup.genesis(alice, bob);
    private final GroupKeys bobs =
            GroupKeys.of(bob.key(), MembershipChain.start(head).chain().orElseThrow(), random);
    private final GroupId group = GroupId.of(head.state().groupId());

    /**
     * Peers flood a member with messages, each on a chain of its own that never comes: at most
     * {@link BeforeTheirChains#MAX_PER_PEER} of one peer and {@link BeforeTheirChains#MAX_MESSAGES}
     * in all are held; the rest are refused as over the bound. Fails without the count bounds
     * (checked: 400 held).
     */
    @Test
    void aFloodOnChainsThatNeverCome_holdsAtMostTheBound() {
        int held = 0;
        for (int peer = 0; peer < 20; peer++) {
            for (int i = 0; i < 20; i++) {
                if (early.hold(group, "peer" + peer, onANewChain("x")) == BeforeTheirChains.Outcome.HELD) {
                    held++;
                }
            }
            assertThat(early.heldFor(group)).isLessThanOrEqualTo(BeforeTheirChains.MAX_MESSAGES);
        }

        assertThat(held).isEqualTo(BeforeTheirChains.MAX_MESSAGES);
        assertThat(early.hold(group, "peer0", onANewChain("x"))).isEqualTo(BeforeTheirChains.Outcome.FULL);
    }

    /** One peer alone fills no more than its share. */
    @Test
    void onePeer_holdsAtMostItsShare() {
        for (int i = 0; i < 2 * BeforeTheirChains.MAX_PER_PEER; i++) {
            early.hold(group, "mallory", onANewChain("x"));
        }

        assertThat(early.heldFor(group)).isEqualTo(BeforeTheirChains.MAX_PER_PEER);
        assertThat(early.hold(group, "carol", onANewChain("x"))).isEqualTo(BeforeTheirChains.Outcome.HELD);
    }

    /** Texts of the largest size: the bytes held stay within {@link BeforeTheirChains#MAX_BYTES}. */
    @Test
    void largeMessages_holdAtMostTheByteBound() {
        String large = "x".repeat(io.confchat.api.chat.ChatMessage.MAX_TEXT_BYTES);
        long bytes = 0;
        for (int peer = 0; peer < 8; peer++) {
            for (int i = 0; i < BeforeTheirChains.MAX_PER_PEER; i++) {
                SealedGroupMessage m = onANewChain(large);
                if (early.hold(group, "peer" + peer, m) == BeforeTheirChains.Outcome.HELD) {
                    bytes += m.ciphertext().length + m.signature().length;
                }
            }
        }

        assertThat(bytes).isLessThanOrEqualTo(BeforeTheirChains.MAX_BYTES).isGreaterThan(0);
        assertThat(early.heldFor(group)).isLessThan(BeforeTheirChains.MAX_MESSAGES);
    }

    /**
     * Copies of a message held and messages not signed by their chain take no room; the messages of
     * a chain come back in iteration order once it is taken, and only once.
     */
    @Test
    void aTakenChainsMessages_comeBackInOrder_once_andCopiesOrForgeriesAreNotHeld() {
        bobs.restartSending(0);
        SealedGroupMessage first = bobs.seal(text("b1")).message();
        SealedGroupMessage second = bobs.seal(text("b2")).message();
        byte[] forgedSignature = second.signature().clone();
        forgedSignature[0] ^= 1;
        SealedGroupMessage forged =
                new SealedGroupMessage(second.groupId(), second.chainId(), 5, second.ciphertext(), forgedSignature);

        assertThat(early.hold(group, "bob", second)).isEqualTo(BeforeTheirChains.Outcome.HELD);
        assertThat(early.hold(group, "carol", second)).isEqualTo(BeforeTheirChains.Outcome.COPY);
        assertThat(early.hold(group, "bob", forged)).isEqualTo(BeforeTheirChains.Outcome.FORGED);
        assertThat(early.hold(group, "bob", first)).isEqualTo(BeforeTheirChains.Outcome.HELD);
        assertThat(early.hold(group, "bob", onANewChain("other"))).isEqualTo(BeforeTheirChains.Outcome.HELD);

        List<BeforeTheirChains.Early> back = early.taken(group, first.chainId());

        assertThat(back)
                .extracting(e -> e.message().iteration())
                .containsExactly(first.iteration(), second.iteration());
        assertThat(back).extracting(BeforeTheirChains.Early::peer).containsOnly("bob");
        assertThat(early.taken(group, first.chainId())).isEmpty();
        assertThat(early.heldFor(group)).isOne(); // the other chain's
    }

    /** A message whose chain comes after {@link BeforeTheirChains#KEPT_FOR} was dropped. */
    @Test
    void aMessageWhoseChainComesTooLate_isDropped() {
        SealedGroupMessage m = onANewChain("late");
        early.hold(group, "bob", m);
        clock.advance(BeforeTheirChains.KEPT_FOR.plus(Duration.ofSeconds(1)));

        assertThat(early.taken(group, m.chainId())).isEmpty();
        assertThat(early.heldFor(group)).isZero();
    }

    private SealedGroupMessage onANewChain(String text) {
        bobs.restartSending(0);
        return bobs.seal(text(text)).message();
    }

    private GroupText text(String text) {
        return new GroupText(MessageId.random(random), 1L, text);
    }
}
