package io.confchat.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.Conversation;
import io.confchat.api.chat.DeliveryState;
import io.confchat.chat.internal.session.SessionNetworks;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.time.ManualScheduler;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client on a running {@code Dht} with a session network of its own ({@code
 * ConfChat.builder().dht(...).sessions(...)}, the shape the test kit builds on) chats live with a
 * client made the usual way, on the simulated network with manual time; and the builder refuses
 * settings that do not go together.
 */
class DhtClientSimTest {
    private static final String PASSWORD = "a long enough password";

    private final ChatSim sim = new ChatSim(20261130L, 3);

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void clientOnADht_chatsLiveWithAnotherClient() {
        ChatClient alice = sim.clientOnDht();
        ChatClient bob = sim.client();
        RecordingListener bobEvents = new RecordingListener();
        bob.addListener(bobEvents);
        sim.await(alice.register("alice", PASSWORD));
        sim.await(bob.register("bob", PASSWORD));
        sim.await(alice.login("alice", PASSWORD));
        sim.await(bob.login("bob", PASSWORD));

        Conversation toBob = sim.await(alice.open("bob"));
        assertThat(toBob.isLive()).isTrue();
        assertThat(sim.await(toBob.send("over a dht of my own")).state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(bobEvents.texts()).containsExactly("over a dht of my own");
    }

    @Test
    void dhtBuilder_refusesSettingsThatDoNotGoTogether() {
        KademliaNode node = sim.servers().get(0);
        ManualScheduler scheduler = sim.scheduler();
        assertThatThrownBy(() -> ConfChat.builder().dht(node, scheduler).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sessions");
        assertThatThrownBy(() -> ConfChat.builder()
                        .dht(node, scheduler)
                        .sessions(SessionNetwork.of(node))
                        .bootstrap(new InetSocketAddress("127.0.0.1", 4000))
                        .start())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ConfChat.builder()
                        .sessions(SessionNetworks.of(sim.streams().transport(new InetSocketAddress("127.0.0.1", 1))))
                        .start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sessions go with a dht");
        assertThat(node.contacts()).isNotEmpty(); // the running node is untouched by the refused builders
    }
}
