package io.confchat.chat;

import static io.confchat.chat.AccountsIT.failure;
import static io.confchat.chat.AccountsIT.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confchat.api.DhtKey;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Live chat, offline messages, history and presence between separate nodes on 127.0.0.1. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ConversationIT {
    private static final String PASSWORD = "a long enough password";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final ChatNetwork network = new ChatNetwork(3);
    private final ChatClient alice = network.client();
    private final ChatClient bob = network.client();
    private final RecordingListener aliceEvents = new RecordingListener();
    private final RecordingListener bobEvents = new RecordingListener();

    ConversationIT() {
        join(alice.register("alice", PASSWORD));
        join(bob.register("bob", PASSWORD));
        alice.addListener(aliceEvents);
        bob.addListener(bobEvents);
    }

    @AfterEach
    void stop() {
        network.close();
    }

    @Test
    void liveChat_deliversBothWays_andBothSidesSaveTheHistory() {
        join(alice.login("alice", PASSWORD));
        join(bob.login("bob", PASSWORD));

        Conversation toBob = join(alice.open("bob"));
        assertThat(toBob.isLive()).isTrue();
        Delivery hello = join(toBob.send("hello bob"));
        assertThat(hello.state()).isEqualTo(DeliveryState.DELIVERED);

        await().atMost(PATIENCE).until(() -> bobEvents.texts().contains("hello bob"));
        assertThat(bobEvents.chatRequests).containsExactly("alice");
        Conversation toAlice = join(bob.open("alice"));
        assertThat(toAlice.isLive()).isTrue();
        assertThat(join(toAlice.send("hi alice")).state()).isEqualTo(DeliveryState.DELIVERED);
        await().atMost(PATIENCE).until(() -> aliceEvents.texts().contains("hi alice"));

        join(toBob.close());
        await().atMost(PATIENCE).until(() -> !bobEvents.sessionsEnded.isEmpty());
        assertThat(bobEvents.sessionsEnded.get(0)).isEqualTo("alice: PEER_LEFT");
        join(toAlice.close());

        assertThat(texts(join(alice.history("bob")))).containsExactly("hello bob", "hi alice");
        await().atMost(PATIENCE).until(() -> texts(join(bob.history("alice"))).size() == 2);
        assertThat(texts(join(bob.history("alice")))).containsExactly("hello bob", "hi alice");
    }

    @Test
    void simultaneousDials_leaveOneSessionPerSide_andLoseNoMessage() {
        join(alice.login("alice", PASSWORD));
        join(bob.login("bob", PASSWORD));

        var fromAlice = alice.open("bob");
        var fromBob = bob.open("alice");
        Conversation a = join(fromAlice);
        Conversation b = join(fromBob);
        for (int i = 0; i < 20; i++) {
            a.send("a" + i);
            b.send("b" + i);
        }

        await().atMost(PATIENCE).until(() -> bobEvents.messages.size() >= 20 && aliceEvents.messages.size() >= 20);
        assertThat(bobEvents.texts()).containsExactlyInAnyOrderElementsOf(numbered("a"));
        assertThat(aliceEvents.texts()).containsExactlyInAnyOrderElementsOf(numbered("b"));
        LiveSessionView aliceSide = new LiveSessionView(alice, "bob");
        LiveSessionView bobSide = new LiveSessionView(bob, "alice");
        await().atMost(PATIENCE).until(() -> aliceSide.isOpen() && bobSide.isOpen());
        // both kept the same connection: dialed on one side, accepted on the other
        assertThat(aliceSide.dialedHere()).isNotEqualTo(bobSide.dialedHere());
    }

    @Test
    void typing_reachesTheLivePeer() {
        join(alice.login("alice", PASSWORD));
        join(bob.login("bob", PASSWORD));

        Conversation toBob = join(alice.open("bob"));
        toBob.typing();

        await().atMost(PATIENCE).until(() -> bobEvents.typing.contains("alice"));
    }

    @Test
    void offlineMessage_isQueued_deliveredAtLoginOnAnotherNode_acknowledged_andDeleted() {
        join(alice.login("alice", PASSWORD));
        Conversation toBob = join(alice.open("bob"));
        assertThat(toBob.isLive()).isFalse();

        assertThat(failure(toBob.send(""))).isInstanceOf(IllegalArgumentException.class);
        assertThat(failure(toBob.send("x".repeat(ChatMessage.MAX_TEXT_BYTES + 1))))
                .hasMessageContaining("at most");
        Delivery queued = join(toBob.send("while you were out"));
        assertThat(queued.state()).isEqualTo(DeliveryState.QUEUED);
        join(toBob.close());

        ChatClient bobElsewhere = network.client();
        RecordingListener elsewhere = new RecordingListener();
        bobElsewhere.addListener(elsewhere);
        join(bobElsewhere.login("bob", PASSWORD));

        assertThat(elsewhere.messages).hasSize(1);
        ChatMessage received = elsewhere.messages.get(0);
        assertThat(received.text()).isEqualTo("while you were out");
        assertThat(received.from()).isEqualTo("alice");
        assertThat(received.viaInbox()).isTrue();
        await().atMost(PATIENCE)
                .until(() -> aliceEvents.deliveries.stream()
                        .anyMatch(d -> d.state() == DeliveryState.DELIVERED
                                && d.message().id().equals(received.id())));
        await().atMost(PATIENCE)
                .until(() -> network.allNodes().stream()
                        .flatMap(n -> n.storedRecords(inboxKeyOf(bobElsewhere)).stream())
                        .noneMatch(r -> r.type().equals(RecordTypes.INBOX)));
        assertThat(texts(join(bobElsewhere.history("alice")))).containsExactly("while you were out");
        assertThat(join(bobElsewhere.chats())).extracting(c -> c.peer()).containsExactly("alice");
    }

    @Test
    void users_listEveryoneWithStatus_andACrashedClientTurnsOfflineAfterItsTtl() {
        join(alice.login("alice", PASSWORD));

        List<Presence> users = join(alice.users());
        assertThat(users).extracting(Presence::username).containsExactly("alice", "bob");
        assertThat(users).extracting(Presence::status).containsExactly(Presence.Status.ONLINE, Presence.Status.OFFLINE);

        join(bob.login("bob", PASSWORD));
        assertThat(status(alice, "bob")).isEqualTo(Presence.Status.ONLINE);
        await().atMost(PATIENCE)
                .until(() -> aliceEvents.presenceChanges.stream()
                        .anyMatch(p -> p.username().equals("bob") && p.isOnline()));

        Internals.node(bob).close(); // a crash: no logout, no OFFLINE record
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> status(alice, "bob") == Presence.Status.OFFLINE);
    }

    @Test
    void openingAnUnknownUser_failsWithAClearMessage() {
        join(alice.login("alice", PASSWORD));

        assertThat(failure(alice.open("zed")))
                .isInstanceOf(UnknownUserException.class)
                .hasMessageContaining("zed");
    }

    private static List<String> numbered(String prefix) {
        return IntStream.range(0, 20).mapToObj(i -> prefix + i).toList();
    }

    /** The session one client keeps with a peer. */
    private record LiveSessionView(ChatClient client, String peer) {
        boolean isOpen() {
            return Internals.session(client, peer).isPresent();
        }

        /** True when this side dialed the session it kept. */
        boolean dialedHere() {
            return Internals.session(client, peer).orElseThrow().isInitiator();
        }
    }

    private static Presence.Status status(ChatClient client, String user) {
        return join(client.users()).stream()
                .filter(p -> p.username().equals(user))
                .findFirst()
                .orElseThrow()
                .status();
    }

    private static DhtKey inboxKeyOf(ChatClient client) {
        return RecordKeys.inbox(Internals.account(client).identity().publicKey());
    }

    private static List<String> texts(List<ChatMessage> messages) {
        return messages.stream().map(ChatMessage::text).toList();
    }
}
