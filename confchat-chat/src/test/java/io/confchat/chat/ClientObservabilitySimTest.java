package io.confchat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.ClientEvent;
import io.confchat.api.chat.ClientSnapshot;
import io.confchat.api.chat.Conversation;
import io.confchat.api.chat.DeliveryState;
import io.confchat.api.chat.Presence;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ChatClient#snapshot()} and {@link ClientEvent}s on the simulated network: each count
 * follows what really happened (a login, a live session, a text queued in an inbox and fetched),
 * and each change is told once.
 */
class ClientObservabilitySimTest {
    private static final String PASSWORD = "a long enough password";

    private final ChatSim sim = new ChatSim(20261130L, 3);
    private final ChatClient alice = sim.client();
    private final ChatClient bob = sim.client();
    private final RecordingListener aliceEvents = new RecordingListener();
    private final RecordingListener bobEvents = new RecordingListener();

    ClientObservabilitySimTest() {
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
    void snapshotAndEvents_followALoginALiveSessionAndALogout() {
        assertThat(alice.snapshot())
                .isEqualTo(new ClientSnapshot(Optional.empty(), Presence.Status.OFFLINE, 0, 0, 0, 0, false));
        sim.await(alice.login("alice", PASSWORD));
        sim.await(bob.login("bob", PASSWORD));
        assertThat(alice.snapshot().user()).contains("alice");
        assertThat(alice.snapshot().presence()).isEqualTo(Presence.Status.ONLINE);
        assertThat(aliceEvents.clientEvents).containsExactly(new ClientEvent.LoggedIn("alice"));

        Conversation toBob = sim.await(alice.open("bob"));
        sim.await(toBob.send("hello"));
        sim.advance(Duration.ofSeconds(1));
        ClientSnapshot a = alice.snapshot();
        ClientSnapshot b = bob.snapshot();
        assertThat(a.liveSessions()).isEqualTo(1);
        assertThat(a.openConversations()).isEqualTo(1);
        assertThat(b.liveSessions()).isEqualTo(1);
        assertThat(b.openConversations()).as("the peer's dial opens it").isEqualTo(1);
        assertThat(aliceEvents.clientEvents).contains(new ClientEvent.SessionOpened("bob", false));
        assertThat(bobEvents.clientEvents).contains(new ClientEvent.SessionOpened("alice", true));

        sim.await(toBob.close());
        sim.advance(Duration.ofSeconds(1));
        assertThat(alice.snapshot().liveSessions()).isZero();
        assertThat(alice.snapshot().openConversations()).isZero();
        assertThat(bob.snapshot().liveSessions()).isZero();
        assertThat(bobEvents.clientEvents).endsWith(new ClientEvent.SessionClosed("alice"));

        sim.await(bob.logout());
        assertThat(bob.snapshot()).satisfies(s -> {
            assertThat(s.user()).isEmpty();
            assertThat(s.presence()).isEqualTo(Presence.Status.OFFLINE);
        });
        assertThat(bobEvents.clientEvents).endsWith(new ClientEvent.LoggedOut("bob"));
        assertThat(bobEvents.clientEvents)
                .filteredOn(e -> e instanceof ClientEvent.LoggedIn || e instanceof ClientEvent.LoggedOut)
                .containsExactly(new ClientEvent.LoggedIn("bob"), new ClientEvent.LoggedOut("bob"));
    }

    @Test
    void snapshotAndEvents_countTextsQueuedForAnOfflinePeer_andTheInboxDeliveredAtItsLogin() {
        sim.await(alice.login("alice", PASSWORD));
        Conversation toBob = sim.await(alice.open("bob"));
        assertThat(sim.await(toBob.send("one")).state()).isEqualTo(DeliveryState.QUEUED);
        assertThat(sim.await(toBob.send("two")).state()).isEqualTo(DeliveryState.QUEUED);
        assertThat(alice.snapshot().queuedForPeers()).isEqualTo(2);

        sim.await(bob.login("bob", PASSWORD));
        assertThat(bob.snapshot().inboxReceived()).isEqualTo(2);
        assertThat(bobEvents.clientEvents)
                .filteredOn(ClientEvent.InboxDelivered.class::isInstance)
                .containsExactly(new ClientEvent.InboxDelivered(2));

        sim.advance(ChatSim.CONFIG.inboxPollInterval().multipliedBy(2));
        assertThat(aliceEvents.deliveries).anySatisfy(d -> assertThat(d.state()).isEqualTo(DeliveryState.DELIVERED));
        assertThat(alice.snapshot().queuedForPeers()).as("fetched by bob").isZero();
        assertThat(bob.snapshot().inboxReceived()).as("counted once").isEqualTo(2);
    }

    @Test
    void closeAsync_shouldCompleteWithTheNodeStopped_andTellTheLogout() throws Exception {
        sim.await(alice.login("alice", PASSWORD));
        CompletableFuture<Void> closing = alice.closeAsync();
        sim.await(closing.handle((x, e) -> null)); // the logout runs on simulated time
        closing.get(30, TimeUnit.SECONDS);
        assertThat(alice.snapshot().closed()).isTrue();
        assertThat(alice.snapshot().user()).isEmpty();
        assertThat(aliceEvents.clientEvents).endsWith(new ClientEvent.LoggedOut("alice"));
        assertThat(alice.users()).isCompletedExceptionally();
    }
}
