package io.confchat.testkit.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confchat.api.chat.AuthenticationException;
import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.ChatListener;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.Delivery;
import io.confchat.api.chat.DeliveryState;
import io.confchat.testkit.TestNetwork;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The README's example ({@link ExampleClient#sayHello}: register, login, list, open, send, save,
 * logout) on a {@link TestNetwork}, with a peer who receives what it sends: live when the peer is
 * online, from the inbox at its next login otherwise.
 */
class ExampleClientTest {
    private static final Duration LIMIT = Duration.ofMinutes(2);

    @Test
    void sayHello_deliversLiveToAnOnlinePeer() {
        try (TestNetwork net = TestNetwork.create(1).addNodes(8)) {
            ChatClient bob = net.newClient();
            List<ChatMessage> received = inbox(bob);
            net.runUntil(bob.register("bob", "bob's long password"), LIMIT);
            net.runUntil(bob.login("bob", "bob's long password"), LIMIT);

            Delivery delivery = net.runUntil(
                    ExampleClient.sayHello(net.newClient(), "alice", "alice's long password", "bob", "hi bob"), LIMIT);
            net.advance(Duration.ofSeconds(5));

            assertThat(delivery.state()).isEqualTo(DeliveryState.DELIVERED);
            assertThat(received).singleElement().satisfies(m -> {
                assertThat(m.from()).isEqualTo("alice");
                assertThat(m.text()).isEqualTo("hi bob");
                assertThat(m.viaInbox()).isFalse();
                assertThat(m.id()).isEqualTo(delivery.message().id());
            });
        }
    }

    @Test
    void sayHello_queuesForAnOfflinePeer_whoReceivesItOnceAtLogin() {
        try (TestNetwork net = TestNetwork.create(2).addNodes(8)) {
            ChatClient bob = net.newClient();
            List<ChatMessage> received = inbox(bob);
            net.runUntil(bob.register("bob", "bob's long password"), LIMIT);

            Delivery delivery = net.runUntil(
                    ExampleClient.sayHello(net.newClient(), "alice", "alice's long password", "bob", "are you there?"),
                    LIMIT);
            net.runUntil(bob.login("bob", "bob's long password"), LIMIT);
            net.advance(Duration.ofMinutes(1));

            assertThat(delivery.state()).isEqualTo(DeliveryState.QUEUED);
            assertThat(received).singleElement().satisfies(m -> {
                assertThat(m.from()).isEqualTo("alice");
                assertThat(m.text()).isEqualTo("are you there?");
                assertThat(m.viaInbox()).isTrue();
            });
        }
    }

    @Test
    void sayHello_logsInToTheExistingAccount_andRefusesAWrongPassword() {
        try (TestNetwork net = TestNetwork.create(3).addNodes(8)) {
            ChatClient bob = net.newClient();
            net.runUntil(bob.register("bob", "bob's long password"), LIMIT);
            net.runUntil(
                    ExampleClient.sayHello(net.newClient(), "alice", "alice's long password", "bob", "one"), LIMIT);

            Delivery again = net.runUntil(
                    ExampleClient.sayHello(net.newClient(), "alice", "alice's long password", "bob", "two"), LIMIT);
            assertThat(again.state()).isEqualTo(DeliveryState.QUEUED);

            assertThatThrownBy(() -> net.runUntil(
                            ExampleClient.sayHello(net.newClient(), "alice", "not alice's password", "bob", "three"),
                            LIMIT))
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(AuthenticationException.class);
        }
    }

    private static List<ChatMessage> inbox(ChatClient client) {
        List<ChatMessage> received = new CopyOnWriteArrayList<>();
        client.addListener(new ChatListener() {
            @Override
            public void onMessage(ChatMessage m) {
                received.add(m);
            }
        });
        return received;
    }
}
