package io.confchat.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confchat.api.NodeClosedException;
import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.ChatListener;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.Conversation;
import io.confchat.api.chat.Presence;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class TestNetworkTest {
    private static final Duration LIMIT = Duration.ofMinutes(2);

    @Test
    void aLiveChat_runsOnManualTime_andReplaysFromItsSeed() {
        List<String> first = liveChat(11);
        List<String> again = liveChat(11);
        List<String> other = liveChat(12);

        assertThat(first).contains("bob got hello bob from alice live", "alice got hi alice from bob live");
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first); // other keys, other delays: other message ids and times
    }

    /** Alice and bob chat live; what each saw, with the simulated time and the message ids. */
    private static List<String> liveChat(long seed) {
        List<String> trace = new ArrayList<>();
        try (TestNetwork net = TestNetwork.create(seed).addNodes(5)) {
            ChatClient alice = net.newClient();
            ChatClient bob = net.newClient();
            record(trace, net, "alice", alice);
            record(trace, net, "bob", bob);
            for (ChatClient c : List.of(alice, bob)) {
                String name = c == alice ? "alice" : "bob";
                net.runUntil(c.register(name, name + "'s long password"), LIMIT);
                net.runUntil(c.login(name, name + "'s long password"), LIMIT);
            }

            Conversation toBob = net.runUntil(alice.open("bob"), LIMIT);
            net.runUntil(toBob.send("hello bob"), LIMIT);
            net.advance(Duration.ofSeconds(2));
            Conversation toAlice = net.runUntil(bob.open("alice"), LIMIT);
            net.runUntil(toAlice.send("hi alice"), LIMIT);
            net.advance(Duration.ofSeconds(2));
            trace.add("end at " + net.now());
        }
        return trace;
    }

    private static void record(List<String> trace, TestNetwork net, String name, ChatClient client) {
        client.addListener(new ChatListener() {
            @Override
            public void onMessage(ChatMessage m) {
                trace.add(name + " got " + m.text() + " from " + m.from() + (m.viaInbox() ? " via inbox" : " live"));
                trace.add(m.id() + " at " + net.now());
            }
        });
    }

    @Test
    void time_movesOnlyWhenTheTestMovesIt() {
        try (TestNetwork net = TestNetwork.create(5)) {
            Instant start = net.now();
            net.advance(Duration.ofHours(3));

            assertThat(start).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
            assertThat(net.now()).isEqualTo(start.plus(Duration.ofHours(3)));
            assertThatThrownBy(() -> net.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void runUntil_failsAfterItsLimitOfSimulatedTime_andReportsAFailedFuture() {
        try (TestNetwork net = TestNetwork.create(6).addNodes(3)) {
            Instant start = net.now();

            assertThatThrownBy(() -> net.runUntil(new CompletableFuture<>(), Duration.ofMinutes(5)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("PT5M");
            assertThat(net.now()).isBefore(start.plus(Duration.ofMinutes(5)).plusNanos(1));

            ChatClient alice = net.newClient();
            assertThatThrownBy(() -> net.runUntil(alice.login("nobody", "a long password"), LIMIT))
                    .isInstanceOf(CompletionException.class);
        }
    }

    @Test
    void newClient_needsANodeToJoin() {
        try (TestNetwork net = TestNetwork.create(7)) {
            assertThatThrownBy(net::newClient)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("addNodes");
            assertThatThrownBy(() -> net.addNodes(-1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void close_logsTheUsersOutAndClosesTheClients() {
        TestNetwork net = TestNetwork.create(8).addNodes(4);
        ChatClient alice = net.newClient();
        ChatClient bob = net.newClient();
        for (ChatClient c : List.of(alice, bob)) {
            String name = c == alice ? "alice" : "bob";
            net.runUntil(c.register(name, name + "'s long password"), LIMIT);
            net.runUntil(c.login(name, name + "'s long password"), LIMIT);
        }
        ChatClient observer = net.newClient();
        net.runUntil(observer.register("carol", "carol's long password"), LIMIT);
        net.runUntil(observer.login("carol", "carol's long password"), LIMIT);
        net.runUntil(alice.closeAsync(), LIMIT); // alice leaves before the network closes

        List<Presence> seen = net.runUntil(observer.users(), LIMIT);
        net.close();

        assertThat(seen)
                .filteredOn(p -> p.username().equals("alice"))
                .singleElement()
                .extracting(Presence::status)
                .isEqualTo(Presence.Status.OFFLINE);
        assertThat(seen)
                .filteredOn(p -> p.username().equals("bob"))
                .singleElement()
                .extracting(Presence::status)
                .isEqualTo(Presence.Status.ONLINE);
        assertThat(bob.currentUser()).isEmpty();
        assertThat(bob.users()).isCompletedExceptionally();
        assertThatThrownBy(() -> bob.users().join()).hasCauseInstanceOf(NodeClosedException.class);
        assertThatThrownBy(net::newClient).isInstanceOf(IllegalStateException.class);
    }
}
