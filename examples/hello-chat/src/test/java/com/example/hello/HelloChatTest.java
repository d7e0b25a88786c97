package com.example.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.ChatListener;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.Delivery;
import io.confchat.api.chat.DeliveryState;
import io.confchat.testkit.TestNetwork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HelloChat on conf-chat's in-memory test network: a live chat, on manual time, no sockets. */
class HelloChatTest {
    private static final Duration LIMIT = Duration.ofMinutes(2);

    @Test
    void greet_reachesAnOnlinePeerLive() {
        try (TestNetwork net = TestNetwork.create(2026).addNodes(5)) {
            ChatClient bob = net.newClient();
            List<String> heard = new ArrayList<>();
            bob.addListener(new ChatListener() {
                @Override
                public void onMessage(ChatMessage m) {
                    heard.add(m.from() + ": " + m.text());
                }
            });
            net.runUntil(bob.register("bob", "bob's long password"), LIMIT);
            net.runUntil(bob.login("bob", "bob's long password"), LIMIT);

            Delivery delivery =
                    net.runUntil(HelloChat.greet(net.newClient(), "alice", "alice's long password", "bob", "hello"), LIMIT);
            net.advance(Duration.ofSeconds(5));

            assertEquals(DeliveryState.DELIVERED, delivery.state());
            assertEquals(List.of("alice: hello"), heard);
        }
    }
}
