package io.confchat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.GroupId;
import io.confchat.chat.internal.group.GroupCatchUp;
import io.confchat.chat.internal.group.GroupIntake;
import io.confchat.chat.internal.group.GroupProbe;
import io.confchat.dht.KademliaNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A live group message that reaches a member before the chain it was sealed on (the loopback
 * removal: the admin's next message came while the admin's new chain waited behind the membership
 * change at each member, and was dropped): held, and shown once the chain is taken, exactly once.
 */
class GroupMessageBeforeItsChainSimTest {
    /** {@code GroupRecords.MESSAGE_TYPE}: the type of a group message's copy in the DHT. */
    private static final String MESSAGE_COPY = "group-msg";

    private final ChatSim sim = new ChatSim(20261135L, 5);
    private final GroupUsers users = new GroupUsers(sim);
    private final Map<String, ChatClient> clients = users.clients;

    @AfterEach
    void stop() {
        sim.close();
    }

    /**
     * alice removes dave and at once sends "after". bob's node is cut off from the DHT, so his taking
     * of the removal waits on a read (dave's last messages) while alice's message comes in live,
     * before the new chain it was sealed on; and no node serves the message's copy, so the live
     * one is all bob can have. bob shows it once the chain is taken, carol too, each exactly once,
     * and still once after the copy is served again and a catch-up round read it; dave never.
     * Fails without the hand-back in GroupIntake.take (checked: bob never shows it).
     */
    @Test
    void theAdminsNextMessageAfterARemoval_beforeItsNewChain_showsOnceOnEveryRemainingMember() {
        GroupId id = users.groupThatSaidHello(List.of("alice", "bob", "carol", "dave"));
        sim.nodes().forEach(n -> sim.store(n).withhold(MESSAGE_COPY));
        KademliaNode bobsNode = Internals.node(clients.get("bob"));
        sim.network().partition(List.of(bobsNode.localAddress()));
        long epoch = GroupProbe.epoch(users.kept("alice"), users.key("alice"));

        clients.get("alice").removeFromGroup(id, "dave");
        for (int i = 0; i < 1_000 && GroupProbe.epoch(users.kept("alice"), users.key("alice")) == epoch; i++) {
            sim.advance(Duration.ofMillis(10));
        }
        clients.get("alice").sendToGroup(id, "after");
        sim.advance(Duration.ofMillis(500));
        String alicesNewChain =
                HexFormat.of().formatHex(GroupProbe.sendingChainId(users.kept("alice"), users.key("alice")));

        assertThat(GroupProbe.epoch(users.kept("alice"), users.key("alice"))).isEqualTo(epoch + 1);
        assertThat(GroupProbe.chainIds(users.kept("bob"), users.key("bob")))
                .as("bob has not taken alice's new chain yet")
                .doesNotContain(alicesNewChain);
        assertThat(GroupProbe.heldBeforeTheirChains(catchUp("bob"), id))
                .as("alice's message, come before its chain")
                .isOne();

        sim.network().heal();
        sim.advance(Duration.ofMinutes(1));

        for (String member : List.of("bob", "carol")) {
            assertThat(users.events.get(member).shown()).as(member).containsOnlyOnce("alice: after");
        }
        assertThat(GroupProbe.heldBeforeTheirChains(catchUp("bob"), id)).isZero();

        sim.nodes().forEach(n -> sim.store(n).serve(MESSAGE_COPY));
        sim.advance(Duration.ofMinutes(16)); // a catch-up round (every 5-15 min) reads the copy too

        for (String member : List.of("bob", "carol")) {
            assertThat(users.events.get(member).shown())
                    .as(member)
                    .filteredOn("alice: after"::equals)
                    .hasSize(1);
        }
        assertThat(users.events.get("dave").shown()).doesNotContain("alice: after");
    }

    /**
     * Six peers (members and strangers: a live message's peer need not own its chain) flood carol
     * with live messages, each on a chain of its own that is never handed over: she holds at most
     * the bound for the group (six peers' shares are over it), and after the time limit none of
     * them. Fails without the group bound (checked: 96 held).
     */
    @Test
    void aFloodOfLiveMessagesOnChainsNeverHandedOver_holdsAtMostTheBound() {
        GroupId id = users.group(List.of("alice", "bob", "carol", "dave"));
        byte[] record = GroupProbe.headRecord(users.kept("bob"), users.key("bob"));
        GroupIntake carols = users.intake("carol");
        SecureRandom random = new SecureRandom();
        int most = 0;
        for (int i = 0; i < 3 * GroupProbe.maxHeldBeforeTheirChains(); i++) {
            for (String peer : List.of("alice", "bob", "dave", "eve", "frank", "mallory")) {
                byte[] message = GroupProbe.chainAndMessage(record, users.key("bob"), "flood " + i, random)
                        .get(1);
                carols.receive(peer, users.key("bob"), message, GroupIntake.Via.LIVE);
            }
            most = Math.max(most, GroupProbe.heldBeforeTheirChains(catchUp("carol"), id));
        }
        sim.advance(Duration.ofMinutes(3));
        carols.receive(
                "bob",
                users.key("bob"),
                GroupProbe.chainAndMessage(record, users.key("bob"), "one more", random)
                        .get(1),
                GroupIntake.Via.LIVE);

        assertThat(most).isPositive().isLessThanOrEqualTo(GroupProbe.maxHeldBeforeTheirChains());
        assertThat(GroupProbe.heldBeforeTheirChains(catchUp("carol"), id))
                .as("the flood dropped after the time limit; the last one held")
                .isOne();
        assertThat(users.events.get("carol").shown()).noneMatch(t -> t.contains("flood"));
    }

    private GroupCatchUp catchUp(String name) {
        return Internals.login(clients.get(name)).groups().chat().catchUp();
    }
}
