package io.confchat.chat;

import static io.confchat.chat.AccountsIT.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.Conversation;
import io.confchat.api.chat.DeliveryState;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.records.Payloads;
import io.confchat.chat.internal.records.RecordKeys;
import io.confchat.chat.internal.session.DialResult;
import io.confchat.chat.internal.session.ForgedDialer;
import io.confchat.dht.KademliaNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Live sessions under attack, over real sockets on 127.0.0.1: a man in the middle with its own
 * (or another user's) valid identity, a dialer claiming someone else's name, and a corrupted
 * transport frame.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SessionSecurityIT {
    private static final String PASSWORD = "a long enough password";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final ChatNetwork network = new ChatNetwork(3);
    private final ChatClient alice = network.client();
    private final ChatClient bob = network.client();
    private final ChatClient mallory = network.client();
    private final RecordingListener aliceEvents = new RecordingListener();
    private final RecordingListener bobEvents = new RecordingListener();
    private final RecordingListener malloryEvents = new RecordingListener();

    SessionSecurityIT() {
        join(alice.register("alice", PASSWORD));
        join(bob.register("bob", PASSWORD));
        join(mallory.register("mallory", PASSWORD));
        alice.addListener(aliceEvents);
        bob.addListener(bobEvents);
        mallory.addListener(malloryEvents);
    }

    @AfterEach
    void stop() {
        network.close();
    }

    @Test
    void aDialer_refusesAPeerProvingAnotherIdentity_beforeAnyTextIsExchanged() {
        join(alice.login("alice", PASSWORD));
        join(mallory.login("mallory", PASSWORD)); // a valid identity of its own: the handshake itself succeeds
        ChatClient carol = network.client();
        join(carol.register("carol", PASSWORD));
        join(carol.login("carol", PASSWORD)); // another user's valid identity
        RecordingListener carolEvents = new RecordingListener();
        carol.addListener(carolEvents);
        UserKeys bobKeys = keysOf("bob");

        for (ChatClient impostor : List.of(mallory, carol)) {
            DialResult refused = join(Internals.login(alice).dial(bobKeys, List.of(impostor.localAddress())));
            assertThat(refused)
                    .isInstanceOfSatisfying(
                            DialResult.Unreachable.class,
                            u -> assertThat(u.detail()).contains("handshake"));
        }

        assertThat(Internals.session(alice, "bob")).isEmpty();
        assertThat(Internals.session(alice, "mallory")).isEmpty();
        assertThat(Internals.session(alice, "carol")).isEmpty();
        assertThat(malloryEvents.chatRequests).isEmpty();
        assertThat(carolEvents.chatRequests).isEmpty();
        assertThat(Internals.session(mallory, "alice")).isEmpty();
        assertThat(Internals.session(carol, "alice")).isEmpty();
    }

    @Test
    void aNodeTakingOverThePeersPublishedEndpoint_getsNoText_andTheTextGoesToTheInbox() {
        // bob's presence lives a minute, so it still names bob's port after bob's node is gone
        ChatClient bobShortLived = network.client(
                ChatNetwork.FAST.toBuilder()
                        .presence(Duration.ofSeconds(60), Duration.ofSeconds(30))
                        .build(),
                0);
        join(alice.login("alice", PASSWORD));
        join(bobShortLived.login("bob", PASSWORD));
        int bobPort = bobShortLived.localAddress().getPort();
        Internals.node(bobShortLived).close(); // a crash: no OFFLINE record

        ChatClient onBobsPort = await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(300))
                .ignoreExceptions()
                .until(() -> network.client(ChatNetwork.FAST, bobPort), c -> c != null);
        RecordingListener onBobsPortEvents = new RecordingListener();
        onBobsPort.addListener(onBobsPortEvents);
        join(onBobsPort.login("mallory", PASSWORD));
        assertThat(onBobsPort.localAddress().getPort()).isEqualTo(bobPort);

        Conversation toBob = join(alice.open("bob"));
        assertThat(toBob.isLive())
                .as("a session with whoever answers on bob's port")
                .isFalse();
        assertThat(join(toBob.send("for bob's eyes only")).state()).isEqualTo(DeliveryState.QUEUED);

        assertThat(onBobsPortEvents.chatRequests).isEmpty();
        assertThat(onBobsPortEvents.messages).isEmpty();
        assertThat(Internals.session(onBobsPort, "alice")).isEmpty();

        join(bob.login("bob", PASSWORD));
        await().atMost(PATIENCE).until(() -> bobEvents.texts().contains("for bob's eyes only"));
        assertThat(bobEvents.messages)
                .singleElement()
                .extracting(ChatMessage::viaInbox)
                .isEqualTo(true);
    }

    @Test
    void aDialerClaimingANameWhoseUserRecordHasAnotherKey_isClosed_beforeItsTextIsDelivered() {
        join(alice.login("alice", PASSWORD));
        join(mallory.login("mallory", PASSWORD));
        KademliaNode malloryNode = Internals.node(mallory);
        var malloryIdentity = Internals.account(mallory).identity();

        ForgedDialer.Outcome outcome = join(
                ForgedDialer.dial(malloryNode, alice.localAddress(), "bob", malloryIdentity, "i am bob, trust me"));

        assertThat(outcome.handshakeCompleted())
                .as("the Noise handshake itself is valid")
                .isTrue();
        assertThat(outcome.textAcknowledged()).isFalse();
        assertThat(aliceEvents.messages).isEmpty();
        assertThat(aliceEvents.chatRequests).isEmpty();
        assertThat(Internals.session(alice, "bob")).isEmpty();
        assertThat(Internals.login(alice).conversation("bob")).isEmpty();
    }

    @Test
    void aFlippedBitInATextFrame_closesTheConnection_andTheTextIsResentAndShownOnce() throws Exception {
        corruptOneFrame(FrameFlippingProxy.Direction.DIALER_TO_TARGET, "exactly once: frame lost");
        // bob closed the connection; it may end before bob has checked alice's user record, and
        // then bob never announced it: every session bob announced is accounted for
        assertThat(aliceEvents.sessionsEnded).anyMatch(s -> s.startsWith("bob: "));
        assertThat(bobEvents.sessionsEnded).allMatch(s -> s.endsWith("CORRUPTED"));
        assertThat(bobEvents.chatRequests).hasSize(bobEvents.sessionsEnded.size() + 1);
    }

    @Test
    void aFlippedBitInAnAckFrame_closesTheConnection_andTheResentTextIsShownOnce() throws Exception {
        corruptOneFrame(FrameFlippingProxy.Direction.TARGET_TO_DIALER, "exactly once: ack lost");
        assertThat(aliceEvents.sessionsEnded).anyMatch(s -> s.endsWith("CORRUPTED"));
    }

    /**
     * Alice's first session with bob runs through a proxy that flips one bit of the first
     * transport frame in one direction (frames: dialer to target = protocol id, Noise 1, Noise 3,
     * then transport; target to dialer = Noise 2, then transport).
     */
    private void corruptOneFrame(FrameFlippingProxy.Direction direction, String text) throws Exception {
        join(alice.login("alice", PASSWORD));
        join(bob.login("bob", PASSWORD));
        int firstTransportFrame = direction == FrameFlippingProxy.Direction.DIALER_TO_TARGET ? 3 : 1;
        try (FrameFlippingProxy proxy = new FrameFlippingProxy(bob.localAddress(), direction, firstTransportFrame)) {
            join(Internals.login(alice).dial(keysOf("bob"), List.of(proxy.address())));
            Conversation toBob = join(alice.open("bob"));
            assertThat(toBob.isLive()).isTrue();

            assertThat(join(toBob.send(text)).state()).isEqualTo(DeliveryState.DELIVERED);

            assertThat(proxy.flipped()).as("the proxy corrupted a frame").isEqualTo(1);
            assertThat(proxy.connections())
                    .as("the redial goes to bob's own endpoint")
                    .isEqualTo(1);
            await().atMost(PATIENCE).until(() -> bobEvents.texts().contains(text));
            // resends arrive within the redial; a duplicate would show up in these seconds
            await().during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> bobEvents.texts().size() == 1);
            assertThat(bobEvents.texts()).containsExactly(text);
            assertThat(toBob.messages()).extracting(ChatMessage::text).containsExactly(text);
            assertThat(toBob.isLive()).as("live again after the redial").isTrue();
        }
    }

    /** A user's keys as every client finds them: from the user record in the DHT. */
    private UserKeys keysOf(String user) {
        return join(Internals.node(alice).get(RecordKeys.user(user))).stream()
                .flatMap(r -> Payloads.user(r).stream())
                .map(u -> new UserKeys(
                        u.getUsername(),
                        u.getIdentityKey().toByteArray(),
                        u.getInboxKey().toByteArray()))
                .findFirst()
                .orElseThrow();
    }
}
