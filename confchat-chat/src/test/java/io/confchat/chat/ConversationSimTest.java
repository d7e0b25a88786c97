package io.confchat.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.Conversation;
import io.confchat.api.chat.Delivery;
import io.confchat.api.chat.DeliveryState;
import io.confchat.api.chat.Presence;
import io.confchat.api.chat.UnknownUserException;
import io.confchat.chat.internal.records.RecordKeys;
import io.confchat.chat.internal.records.RecordTypes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The conversation scenarios of {@link ConversationIT} and more, on the simulated network with
 * manual time: live both ways, offline then delivered at login on another node, a crash, a power
 * loss, simultaneous dials, a reset connection, a long conversation. Deterministic; each runs in
 * well under a second of real time.
 */
class ConversationSimTest {
    private static final String PASSWORD = "a long enough password";

    private final ChatSim sim = new ChatSim(20261129L, 3);
    private final ChatClient alice = sim.client();
    private final ChatClient bob = sim.client();
    private final RecordingListener aliceEvents = new RecordingListener();
    private final RecordingListener bobEvents = new RecordingListener();

    ConversationSimTest() {
        sim.await(alice.register("alice", PASSWORD));
        sim.await(bob.register("bob", PASSWORD));
        alice.addListener(aliceEvents);
        bob.addListener(bobEvents);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void liveChat_deliversBothWays_andBothSidesSaveTheHistory() {
        loginBoth();
        Conversation toBob = sim.await(alice.open("bob"));
        assertThat(toBob.isLive()).isTrue();
        assertThat(sim.await(toBob.send("hello bob")).state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(bobEvents.texts()).containsExactly("hello bob");
        assertThat(bobEvents.chatRequests).containsExactly("alice");

        Conversation toAlice = sim.await(bob.open("alice"));
        assertThat(toAlice.isLive()).isTrue();
        assertThat(sim.await(toAlice.send("hi alice")).state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(aliceEvents.texts()).containsExactly("hi alice");

        sim.await(toBob.close());
        sim.advance(Duration.ofSeconds(1));
        assertThat(bobEvents.sessionsEnded).containsExactly("alice: PEER_LEFT");
        sim.await(toAlice.close());

        assertThat(texts(sim.await(alice.history("bob")))).containsExactly("hello bob", "hi alice");
        assertThat(texts(sim.await(bob.history("alice")))).containsExactly("hello bob", "hi alice");
        assertThat(sim.streams().openConnections()).isZero();
    }

    @Test
    void offlineMessage_isQueued_deliveredAtLoginOnAnotherNode_acknowledged_andDeleted() {
        sim.await(alice.login("alice", PASSWORD));
        Conversation toBob = sim.await(alice.open("bob"));
        assertThat(toBob.isLive()).isFalse();
        Delivery queued = sim.await(toBob.send("while you were out"));
        assertThat(queued.state()).isEqualTo(DeliveryState.QUEUED);
        sim.await(toBob.close());

        ChatClient bobElsewhere = sim.client();
        RecordingListener elsewhere = new RecordingListener();
        bobElsewhere.addListener(elsewhere);
        sim.await(bobElsewhere.login("bob", PASSWORD));

        assertThat(elsewhere.messages).singleElement().satisfies(m -> {
            assertThat(m.text()).isEqualTo("while you were out");
            assertThat(m.from()).isEqualTo("alice");
            assertThat(m.viaInbox()).isTrue();
            assertThat(m.id()).isEqualTo(queued.message().id());
        });
        sim.advance(ChatSim.CONFIG.inboxPollInterval().multipliedBy(2));
        assertThat(aliceEvents.deliveries).anySatisfy(d -> assertThat(d.state()).isEqualTo(DeliveryState.DELIVERED));
        var inbox = RecordKeys.inbox(Internals.account(bobElsewhere).identity().publicKey());
        assertThat(sim.nodes())
                .allSatisfy(n -> assertThat(n.storedRecords(inbox))
                        .noneMatch(r -> r.type().equals(RecordTypes.INBOX)));
        assertThat(texts(sim.await(bobElsewhere.history("alice")))).containsExactly("while you were out");
        assertThat(sim.await(bobElsewhere.chats())).extracting(c -> c.peer()).containsExactly("alice");
    }

    @Test
    void aCrashedClient_turnsOfflineAfterItsPresenceTtl_andTheLiveSessionEnds() {
        loginBoth();
        sim.await(alice.open("bob"));
        assertThat(status("bob")).isEqualTo(Presence.Status.ONLINE);

        sim.crash(bob);
        sim.advance(Duration.ofSeconds(1));
        assertThat(aliceEvents.sessionsEnded).containsExactly("bob: CONNECTION_LOST");
        assertThat(status("bob")).as("its last record still lives").isEqualTo(Presence.Status.ONLINE);

        sim.advance(ChatSim.CONFIG.presenceTtl().plusSeconds(1));
        assertThat(status("bob")).isEqualTo(Presence.Status.OFFLINE);
    }

    @Test
    void simultaneousDials_leaveOneSessionPerSide_andLoseNoMessage() {
        loginBoth();
        CompletableFuture<Conversation> fromAlice = alice.open("bob");
        CompletableFuture<Conversation> fromBob = bob.open("alice");
        Conversation a = sim.await(fromAlice);
        Conversation b = sim.await(fromBob);
        List<CompletableFuture<Delivery>> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.add(a.send("a" + i));
            sent.add(b.send("b" + i));
        }
        sent.forEach(sim::await);
        sim.advance(Duration.ofSeconds(5));

        assertThat(bobEvents.texts()).containsExactlyInAnyOrderElementsOf(numbered("a"));
        assertThat(aliceEvents.texts()).containsExactlyInAnyOrderElementsOf(numbered("b"));
        var aliceSide = Internals.session(alice, "bob").orElseThrow();
        var bobSide = Internals.session(bob, "alice").orElseThrow();
        assertThat(aliceSide.isInitiator())
                .as("one connection, dialed on one side")
                .isNotEqualTo(bobSide.isInitiator());
        assertThat(sim.streams().openConnections()).isEqualTo(1);
    }

    @Test
    void aResetConnection_resendsOverANewSession_andShowsEachTextOnce() {
        loginBoth();
        Conversation toBob = sim.await(alice.open("bob"));
        List<CompletableFuture<Delivery>> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sent.add(toBob.send("t" + i));
        }
        sim.advance(Duration.ofMillis(3)); // some texts are on the wire, some acks too
        assertThat(sim.streams().reset(alice.localAddress(), bob.localAddress()))
                .isEqualTo(1);

        sent.forEach(sim::await);
        assertThat(sent).allSatisfy(d -> assertThat(d.join().state()).isEqualTo(DeliveryState.DELIVERED));
        assertThat(bobEvents.texts()).containsExactlyElementsOf(numbered("t", 50));
        assertThat(toBob.isLive()).as("redialed").isTrue();
    }

    @Test
    void aLogoutWhileAResetConnectionIsRedialed_losesNoText() {
        loginBoth();
        Conversation toBob = sim.await(alice.open("bob"));
        List<CompletableFuture<Delivery>> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sent.add(toBob.send("t" + i));
        }
        sim.advance(Duration.ofMillis(3));
        assertThat(sim.streams().reset(alice.localAddress(), bob.localAddress()))
                .isEqualTo(1);
        CompletableFuture<Void> out = alice.logout(); // the redial of bob has started, not finished

        sim.await(out);
        assertThat(sent).allSatisfy(d -> assertThat(d).isDone());
        assertThat(sent)
                .allSatisfy(d -> assertThat(d.join().state()).isIn(DeliveryState.DELIVERED, DeliveryState.QUEUED));
        sim.advance(ChatSim.CONFIG.inboxPollInterval().multipliedBy(2));
        assertThat(bobEvents.texts()).containsExactlyInAnyOrderElementsOf(numbered("t", 50));
    }

    @Test
    void aPeerThatLostPower_isNoticedByItsMissingAcks_andTheTextGoesToItsInbox() {
        loginBoth();
        Conversation toBob = sim.await(alice.open("bob"));
        sim.cut(bob);

        Delivery d = sim.await(toBob.send("are you there?"));
        assertThat(d.state()).isEqualTo(DeliveryState.QUEUED);
        assertThat(aliceEvents.sessionsEnded).containsExactly("bob: CONNECTION_LOST");

        ChatClient bobAgain = sim.client();
        RecordingListener again = new RecordingListener();
        bobAgain.addListener(again);
        sim.await(bobAgain.login("bob", PASSWORD));
        assertThat(again.texts()).containsExactly("are you there?");
    }

    @Test
    void typing_reachesTheLivePeer() {
        loginBoth();
        sim.await(alice.open("bob")).typing();
        sim.advance(Duration.ofSeconds(1));
        assertThat(bobEvents.typing).containsExactly("alice");
    }

    @Test
    void openingAnUnknownUser_failsWithAClearMessage() {
        sim.await(alice.login("alice", PASSWORD));
        Throwable failure = catchThrowable(() -> sim.await(alice.open("zed")));
        assertThat(failure).isInstanceOf(CompletionException.class);
        assertThat(failure.getCause()).isInstanceOf(UnknownUserException.class).hasMessageContaining("zed");
    }

    @Test
    void aLongConversation_keepsABoundedWindow_andSavesItsHistoryAsItGrows() {
        loginBoth();
        Conversation toBob = sim.await(alice.open("bob"));
        int total = 3 * ChatSim.CONFIG.conversationWindow();
        List<CompletableFuture<Delivery>> sent = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            sent.add(toBob.send("message number " + i + " " + "x".repeat(100)));
        }
        sent.forEach(sim::await);
        sim.advance(ChatSim.CONFIG.historySaveInterval().multipliedBy(3));

        assertThat(toBob.messages()).hasSize(ChatSim.CONFIG.conversationWindow());
        assertThat(toBob.messages().get(toBob.messages().size() - 1).text())
                .startsWith("message number " + (total - 1));
        List<ChatMessage> saved = sim.await(Internals.runtime(alice).history().read(Internals.account(alice), "bob"));
        assertThat(saved.size()).as("saved while the conversation runs").isGreaterThan(total / 2);

        sim.await(toBob.close());
        assertThat(sim.await(alice.history("bob"))).hasSize(total);
        assertThat(sim.await(bob.history("alice"))).hasSize(total);
    }

    private void loginBoth() {
        sim.await(alice.login("alice", PASSWORD));
        sim.await(bob.login("bob", PASSWORD));
    }

    private Presence.Status status(String user) {
        return sim.await(alice.users()).stream()
                .filter(p -> p.username().equals(user))
                .findFirst()
                .orElseThrow()
                .status();
    }

    private static List<String> numbered(String prefix) {
        return numbered(prefix, 20);
    }

    private static List<String> numbered(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }

    private static List<String> texts(List<ChatMessage> messages) {
        return messages.stream().map(ChatMessage::text).toList();
    }
}
