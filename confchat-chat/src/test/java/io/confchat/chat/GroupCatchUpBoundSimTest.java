package io.confchat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.GroupId;
import io.confchat.chat.internal.group.GroupProbe;
import io.confchat.dht.DhtConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The load of reading chains: a login's chain fetches are bounded ({@code
 * ChainReads.FETCHES_AT_ONCE}) and what waits its turn is still read; a chain handed over is
 * receipted once taken, not once read, so a slow DHT does not send hand-overs to the inboxes.
 */
class GroupCatchUpBoundSimTest {
    private static final String PASSWORD = "a long enough password";
    private static final int OTHERS = 11;

    /**
     * RPC timeouts long enough that a slowed DHT (below) is slow, not failing: at the default 2 s
     * cap every request of a lookup would time out at once.
     */
    private final ChatSim sim = new ChatSim(
            20261133L,
            5,
            DhtConfig.builder()
                    .rpcTimeouts(Duration.ofSeconds(12), Duration.ofSeconds(30))
                    .build());

    private final GroupUsers users = new GroupUsers(sim);

    @AfterEach
    void stop() {
        sim.close();
    }

    /**
     * carol logs out; each of the 11 others sends one message; carol logs in and catches up the
     * 11 chains: at most 8 fetches at once (11 before the bound: fails without it, checked), and
     * the three that waited their turn are read too.
     */
    /**
     * With the DHT slowed to seconds per datagram (live sessions unaffected), erin joins and hands
     * her chain to the three members over live sessions: each takes it and answers at once, so
     * none of the items goes to an inbox (erin's outbox stays empty), and her first message shows
     * everywhere. The receipt used to wait for the chain's read from the DHT, past the sender's
     * 10 s, and the item went to the member's inbox as well (fails so: checked).
     */
    @Test
    void aChainHandedOver_isReceiptedOnceTaken_notOnceReadFromASlowDht() {
        GroupId id = users.group(List.of("alice", "bob", "carol"));
        users.add("erin");
        sim.await(users.clients.get("alice").invite(id, "erin"));
        sim.advance(Duration.ofSeconds(2));
        sim.await(users.clients.get("erin").open("bob"));
        sim.await(users.clients.get("erin").open("carol"));

        sim.network().delays(Duration.ofSeconds(4), Duration.ofSeconds(5)); // a chain's read: over 10 s
        CompletableFuture<?> joined = users.clients.get("erin").joinGroup(id);
        sim.advance(Duration.ofMinutes(1)); // the items go live after ~10 s, the reads end after ~25
        int queued = users.clients.get("erin").snapshot().queuedForPeers();
        sim.network().delays(Duration.ofMillis(1), Duration.ofMillis(10));
        sim.await(joined);
        sim.await(users.clients.get("erin").sendToGroup(id, "e1"));
        sim.advance(Duration.ofSeconds(2));

        assertThat(queued).as("hand-overs put in an inbox").isZero();
        for (String member : List.of("alice", "bob", "carol")) {
            assertThat(users.events.get(member).shown()).containsExactly("erin: e1");
        }
    }

    /**
     * A control receipt that comes after the sender gave up waiting stops the item's re-puts: with
     * the DHT slowed, bob and carol apply alice's removal of dave only after reading dave's chain
     * from the DHT, so their receipts of alice's items come after her 10 s and she has put the
     * items in their inboxes as well; each late receipt takes its item out of her outbox at once.
     * It stayed there, put again every 30 s, until the member's acknowledgement came back through
     * the inbox (fails so: checked).
     */
    @Test
    void aReceiptThatComesLate_takesTheItemOutOfTheOutbox() {
        GroupId id = users.group(List.of("alice", "bob", "carol", "dave"));
        sim.network().delays(Duration.ofSeconds(4), Duration.ofSeconds(5));
        CompletableFuture<?> removed = users.clients.get("alice").removeFromGroup(id, "dave");
        List<Integer> queued = new ArrayList<>();
        for (int s = 0; s < 180; s++) {
            sim.advance(Duration.ofSeconds(1));
            queued.add(users.clients.get("alice").snapshot().queuedForPeers());
        }
        sim.network().delays(Duration.ofMillis(1), Duration.ofMillis(10));
        sim.await(removed);

        assertThat(queued).as("the items went to the inboxes too").contains(2);
        // the receipts come at about 64 and 104 s; the acknowledgements through the inboxes at 166 s
        assertThat(queued.get(109)).as("items still put again, 110 s in").isZero();
    }

    @Test
    void aLoginsCatchUp_readsAtMostTheBoundOfChainsAtOnce_andShowsEveryMessage() {
        List<String> members = new ArrayList<>(List.of("carol"));
        for (int i = 0; i < OTHERS; i++) {
            members.add("member" + i);
        }
        members.add(0, members.remove(1)); // member0 creates the group
        GroupId id = users.group(members);
        sim.await(users.clients.get("carol").logout());
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < OTHERS; i++) {
            String from = "member" + i;
            sim.await(users.clients.get(from).sendToGroup(id, "hello from " + from));
            sent.add(from + ": hello from " + from);
        }
        sim.advance(Duration.ofSeconds(2));

        sim.await(users.clients.get("carol").login("carol", PASSWORD));
        sim.advance(Duration.ofSeconds(10));

        int mostAtOnce = GroupProbe.chainFetchesMostAtOnce(
                Internals.login(users.clients.get("carol")).groups().chat().catchUp());
        assertThat(mostAtOnce).isEqualTo(GroupProbe.chainFetchesAtOnce());
        assertThat(users.events.get("carol").shown()).containsExactlyInAnyOrderElementsOf(sent);
    }
}
