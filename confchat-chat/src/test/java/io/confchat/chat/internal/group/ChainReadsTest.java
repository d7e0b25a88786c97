package io.confchat.chat.internal.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.chat.internal.group.TestGroup.User;
import io.confchat.dht.internal.sim.SeededRandom;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ChainReads}: at most {@link ChainReads#FETCHES_AT_ONCE} chain fetches at once, the rest
 * in turn and none lost; what a live message waits for starts at once, a waiting fetch of its
 * chain included.
 */
class ChainReadsTest {
    private static final int OTHERS = 11;

    private final SecureRandom random = SeededRandom.of(13);
    private final User carol = User.named("carol");
    private final List<byte[]> chains = new ArrayList<>();
    /** Each fetch asked of the DHT: the chain (hex), the iteration it must reach, its answer. */
    private final List<Asked> asked = new ArrayList<>();

    private record Asked(String chain, int upTo, CompletableFuture<List<SealedGroupMessage>> answer) {}

    private HeldGroup g;
    private ChainReads reads;

    /** carol holds the chains of 11 other members. */
    @BeforeEach
    void carolHoldsElevenChains() {
        List<User> others = new ArrayList<>();
        for (int i = 0; i < OTHERS; i++) {
            others.add(User.named("member" + i));
        }
        List<User> rest = new ArrayList<>(others.subList(1, OTHERS));
        rest.add(carol);
        SignedGroupState head = TestGroup.genesis(others.get(0), rest.toArray(User[]::new));
        GroupKeys carols =
                GroupKeys.of(carol.key(), MembershipChain.start(head).chain().orElseThrow(), random);
        for (User u : others) {
            GroupKeys theirs =
                    GroupKeys.of(u.key(), MembershipChain.start(head).chain().orElseThrow(), random);
            Distribution toCarol = theirs.distributionsToAll().stream()
                    .filter(a -> a.recipient().hasKey(carol.key()))
                    .findFirst()
                    .orElseThrow()
                    .distribution();
            assertThat(carols.accept(u.key(), toCarol)).isEqualTo(GroupKeys.DistributionCheck.ACCEPTED);
            chains.add(toCarol.chain().chainId());
        }
        g = new HeldGroup(carols, GroupStates.encodeRecord(head), HeldGroup.Standing.JOINED, "");
        HeldGroups held = new HeldGroups(new OfflineLinks(), carol.key(), random, MemoryBackups.of());
        reads = new ChainReads(
                held,
                (chainId, from, upTo) -> {
                    CompletableFuture<List<SealedGroupMessage>> answer = new CompletableFuture<>();
                    asked.add(new Asked(HexFormat.of().formatHex(chainId), upTo, answer));
                    return answer;
                },
                new OfflineLinks());
    }

    /**
     * A round asks for 11 chains: 8 fetches start, each one that ends starts the next waiting one,
     * and every chain is read. Fails without the bound (11 start at once, checked).
     */
    @Test
    void elevenChains_atMostEightFetchesAtOnce_andEveryChainIsRead() {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (byte[] c : chains) {
            done.add(reads.chain(g, c, -1, ChainReads.Turn.IN_TURN));
        }
        assertThat(asked).hasSize(ChainReads.FETCHES_AT_ONCE);

        asked.get(0).answer().complete(List.of());
        asked.get(1).answer().completeExceptionally(new IllegalStateException("no replica answered"));
        assertThat(asked)
                .as("each fetch that ended, in success or not, started a waiting one")
                .hasSize(10);
        for (int i = 2; i < OTHERS; i++) {
            if (i < asked.size()) {
                asked.get(i).answer().complete(List.of());
            }
        }

        assertThat(asked).extracting(Asked::chain).containsExactlyElementsOf(hex(chains));
        assertThat(done).allSatisfy(d -> assertThat(d).isDone());
        assertThat(reads.mostAtOnce()).isEqualTo(ChainReads.FETCHES_AT_ONCE);
    }

    /**
     * While 8 fetches run and 3 wait, a live message that skipped ahead to iteration 5 on one of
     * the waiting chains starts that chain's fetch at once (reading up to 5), and its turn later
     * starts no second fetch. Fails when the live message's fetch waits its turn (checked).
     */
    @Test
    void aLiveMessagesChain_waitingItsTurn_isReadAtOnce_andOnlyOnce() {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (byte[] c : chains) {
            done.add(reads.chain(g, c, -1, ChainReads.Turn.IN_TURN));
        }
        byte[] waiting = chains.get(OTHERS - 1);

        CompletableFuture<Void> live = reads.chain(g, waiting, 5, ChainReads.Turn.NOW);

        assertThat(asked).hasSize(ChainReads.FETCHES_AT_ONCE + 1);
        Asked now = asked.get(ChainReads.FETCHES_AT_ONCE);
        assertThat(now.chain()).isEqualTo(HexFormat.of().formatHex(waiting));
        assertThat(now.upTo()).as("pages read up to the live message").isEqualTo(5);
        assertThat(live).as("the fetch the round waits for too").isSameAs(done.get(OTHERS - 1));

        now.answer().complete(List.of());
        assertThat(live).isDone();
        for (int i = 0; i < asked.size(); i++) {
            asked.get(i).answer().complete(List.of());
        }
        assertThat(asked).as("one fetch per chain").hasSize(OTHERS);
        assertThat(done).allSatisfy(d -> assertThat(d).isDone());
    }

    /**
     * A live message came on a chain before carol held it; once taken, the chain's read starts at
     * once though 8 fetches run, and only that once. Fails when awaited chains wait their turn
     * (checked).
     */
    @Test
    void aChainALiveMessageCameOnBeforeItWasHeld_isReadAtOnce() {
        for (byte[] c : chains.subList(0, ChainReads.FETCHES_AT_ONCE)) {
            reads.chain(g, c, -1, ChainReads.Turn.IN_TURN);
        }
        byte[] early = chains.get(OTHERS - 1);
        reads.awaited(early);

        reads.chain(g, early, -1, ChainReads.Turn.IN_TURN);
        reads.chain(g, chains.get(OTHERS - 2), -1, ChainReads.Turn.IN_TURN);

        assertThat(asked).hasSize(ChainReads.FETCHES_AT_ONCE + 1);
        assertThat(asked.get(ChainReads.FETCHES_AT_ONCE).chain())
                .isEqualTo(HexFormat.of().formatHex(early));
    }

    private static List<String> hex(List<byte[]> ids) {
        return ids.stream().map(HexFormat.of()::formatHex).toList();
    }
}
