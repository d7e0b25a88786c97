package io.confchat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.Conversation;
import io.confchat.api.chat.ConversationPath;
import io.confchat.api.chat.Delivery;
import io.confchat.api.chat.DeliveryState;
import io.confchat.chat.internal.session.LiveSession;
import io.confchat.chat.internal.sim.SimulatedStreams.Nat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Users behind NATs on the simulated network with manual time: reached through relays (two of
 * the three servers relay), a relay dying mid-conversation (the session fails over to the other
 * one, or to the inbox when none is left), and hole punching that moves a relayed session to a
 * direct connection (or fails behind a random-port NAT and leaves it relayed). Every text whose
 * send completed reaches its recipient exactly once. Deterministic.
 */
class RelayedConversationSimTest {
    private static final String PASSWORD = "a long enough password";
    private static final Duration SETTLE = Duration.ofSeconds(30);

    private final ChatSim sim = new ChatSim(20261130L, 3);
    private final RecordingListener aliceEvents = new RecordingListener();
    private final RecordingListener bobEvents = new RecordingListener();
    private ChatClient alice;
    private ChatClient bob;

    RelayedConversationSimTest() {
        sim.serversRelay(2);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void userBehindANat_isReachedThroughARelay_andChatsBothWays() {
        start(Nat.RANDOM_PORTS, Nat.RANDOM_PORTS);
        Conversation toAlice = sim.await(bob.open("alice"));
        assertThat(toAlice.isLive()).isTrue();
        assertThat(session(bob, "alice").isRelayed()).isTrue();
        assertThat(toAlice.path()).isEqualTo(ConversationPath.RELAYED);
        assertThat(sim.await(toAlice.send("through the relay")).state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(aliceEvents.texts()).containsExactly("through the relay");
        assertThat(aliceEvents.chatRequests).containsExactly("bob");
        Conversation toBob = sim.await(alice.open("bob"));
        assertThat(sim.await(toBob.send("and back")).state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(bobEvents.texts()).containsExactly("and back");
        assertThat(session(alice, "bob").isRelayed())
                .as("the same session, both ways")
                .isTrue();
    }

    @Test
    void publicDialer_isDialedBackDirectly_andTheSessionMovesOffTheRelay() {
        start(Nat.RANDOM_PORTS, Nat.NONE);
        Conversation toAlice = sim.await(bob.open("alice"));
        assertThat(session(bob, "alice").isRelayed()).isTrue();
        CompletableFuture<Delivery> during = toAlice.send("while it moves");
        sim.advance(SETTLE);
        assertThat(session(bob, "alice").isRelayed())
                .as("alice dialed bob's public address")
                .isFalse();
        assertThat(session(alice, "bob").isInitiator()).isTrue();
        assertThat(sim.await(during).state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(sim.await(toAlice.send("direct now")).state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(aliceEvents.texts()).containsExactly("while it moves", "direct now");
        assertThat(aliceEvents.chatRequests).containsExactly("bob");
        assertThat(sim.streams().punchedConnections()).isZero();
    }

    @Test
    void relayDiesMidConversation_theSessionFailsOverToTheOtherRelay_nothingLostOrDoubled() {
        start(Nat.RANDOM_PORTS, Nat.PORT_PRESERVING);
        Conversation toAlice = sim.await(bob.open("alice"));
        List<CompletableFuture<Delivery>> sent = new ArrayList<>();
        numbered("before", 5).forEach(t -> sent.add(toAlice.send(t)));
        sim.advance(Duration.ofMillis(3)); // some are on their way, some acknowledged
        sim.crashServer(0); // the relay this session runs through (the first in alice's presence)
        numbered("after", 5).forEach(t -> sent.add(toAlice.send(t)));
        sim.advance(SETTLE);

        for (CompletableFuture<Delivery> d : sent) {
            assertThat(sim.await(d).state()).as("live, never the inbox").isEqualTo(DeliveryState.DELIVERED);
        }
        List<String> expected = new ArrayList<>(numbered("before", 5));
        expected.addAll(numbered("after", 5));
        assertThat(aliceEvents.texts()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(aliceEvents.messages).noneMatch(ChatMessage::viaInbox);
        assertThat(session(bob, "alice").isRelayed()).isTrue();
        assertThat(sim.await(toAlice.send("still live")).state()).isEqualTo(DeliveryState.DELIVERED);
    }

    @Test
    void bothRelaysDie_textsGoToTheInbox_andArriveOnce() {
        start(Nat.RANDOM_PORTS, Nat.PORT_PRESERVING);
        Conversation toAlice = sim.await(bob.open("alice"));
        sim.await(toAlice.send("live first"));
        sim.crashServer(0);
        sim.crashServer(1);
        Delivery d = sim.await(toAlice.send("no relay left"));
        assertThat(d.state()).isEqualTo(DeliveryState.QUEUED);
        assertThat(toAlice.path()).isEqualTo(ConversationPath.INBOX);
        sim.advance(Duration.ofMinutes(1)); // alice polls her inbox
        assertThat(aliceEvents.texts()).containsExactly("live first", "no relay left");
    }

    @Test
    void behindPortPreservingNats_aHolePunchMovesTheSessionToADirectConnection_withoutLosingOrDoublingATextInFlight() {
        start(Nat.PORT_PRESERVING, Nat.PORT_PRESERVING);
        Conversation toAlice = sim.await(bob.open("alice"));
        Conversation toBob = sim.await(alice.open("bob"));
        List<CompletableFuture<Delivery>> sent = new ArrayList<>();
        // a steady exchange both ways while the punch runs and the session moves
        for (int i = 0; i < 40; i++) {
            sent.add(toAlice.send("b" + i));
            sent.add(toBob.send("a" + i));
            sim.advance(Duration.ofMillis(2));
        }
        sim.advance(SETTLE);

        assertThat(sim.streams().punchedConnections()).isEqualTo(1);
        assertThat(session(bob, "alice").isRelayed()).as("bob's session moved").isFalse();
        assertThat(toAlice.path()).isEqualTo(ConversationPath.DIRECT);
        assertThat(toBob.path()).isEqualTo(ConversationPath.DIRECT);
        assertThat(session(alice, "bob").isRelayed())
                .as("alice's session moved")
                .isFalse();
        for (CompletableFuture<Delivery> d : sent) {
            assertThat(sim.await(d).state()).isEqualTo(DeliveryState.DELIVERED);
        }
        assertThat(aliceEvents.texts())
                .containsExactlyElementsOf(numbered("b", 40).stream().toList());
        assertThat(bobEvents.texts())
                .containsExactlyElementsOf(numbered("a", 40).stream().toList());
        assertThat(aliceEvents.chatRequests)
                .as("the move is no new chat request")
                .containsExactly("bob");
        assertThat(aliceEvents.sessionsEnded).isEmpty();
        assertThat(bobEvents.sessionsEnded).isEmpty();

        sim.crashServer(0);
        sim.crashServer(1);
        assertThat(sim.await(toAlice.send("no relay needed")).state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(session(bob, "alice").isOpen()).isTrue();
    }

    @Test
    void behindARandomPortNat_everyPunchFails_andTheSessionStaysRelayed() {
        start(Nat.RANDOM_PORTS, Nat.PORT_PRESERVING);
        Conversation toAlice = sim.await(bob.open("alice"));
        List<CompletableFuture<Delivery>> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.add(toAlice.send("t" + i));
            sim.advance(Duration.ofSeconds(1));
        }
        sim.advance(SETTLE);
        assertThat(sim.streams().punchedConnections()).isZero();
        assertThat(session(bob, "alice").isRelayed()).isTrue();
        for (CompletableFuture<Delivery> d : sent) {
            assertThat(sim.await(d).state()).isEqualTo(DeliveryState.DELIVERED);
        }
        assertThat(aliceEvents.texts()).containsExactlyElementsOf(numbered("t", 20));
    }

    /** alice behind {@code aliceNat}, bob behind {@code bobNat}; both logged in. */
    private void start(Nat aliceNat, Nat bobNat) {
        alice = sim.clientBehind(aliceNat);
        bob = sim.clientBehind(bobNat);
        sim.await(alice.register("alice", PASSWORD));
        sim.await(bob.register("bob", PASSWORD));
        alice.addListener(aliceEvents);
        bob.addListener(bobEvents);
        sim.await(alice.login("alice", PASSWORD));
        sim.await(bob.login("bob", PASSWORD));
    }

    private static LiveSession session(ChatClient c, String peer) {
        return Internals.session(c, peer).orElseThrow(() -> new AssertionError("no session with " + peer));
    }

    private static List<String> numbered(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }
}
