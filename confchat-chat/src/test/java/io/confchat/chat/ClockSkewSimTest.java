package io.confchat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.Conversation;
import io.confchat.api.chat.DeliveryState;
import io.confchat.api.chat.Presence;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Machines whose clocks are two hours off, one ahead and one behind the storing nodes: presence is
 * still right (no false offline, no false online), nothing expires early, offline messages arrive.
 */
class ClockSkewSimTest {
    private static final String PASSWORD = "a long enough password";
    private static final Duration TWO_HOURS = Duration.ofHours(2);
    private static final Duration POLL = ChatSim.CONFIG.inboxPollInterval();

    @Test
    void usersTwoHoursAheadAndBehind_seeEachOtherOnline_chatLive_andTheirOfflineMessagesArrive() {
        ChatSim sim = new ChatSim(11, 8);
        ChatClient alice = sim.clientWithClockOff(TWO_HOURS);
        ChatClient bob = sim.clientWithClockOff(TWO_HOURS.negated());
        sim.await(alice.register("alice", PASSWORD));
        sim.await(bob.register("bob", PASSWORD));
        RecordingListener aliceEvents = new RecordingListener();
        alice.addListener(aliceEvents);
        sim.await(alice.login("alice", PASSWORD));
        sim.await(bob.login("bob", PASSWORD));
        sim.advance(Duration.ofSeconds(30));

        assertThat(status(sim, alice, "bob"))
                .as("bob's records look 4 h old to alice")
                .isEqualTo(Presence.Status.ONLINE);
        assertThat(status(sim, bob, "alice")).isEqualTo(Presence.Status.ONLINE);
        Conversation chat = sim.await(bob.open("alice"));
        assertThat(chat.isLive()).isTrue();
        assertThat(sim.await(chat.send("live across clocks")).state()).isEqualTo(DeliveryState.DELIVERED);
        sim.await(chat.close());

        sim.await(alice.logout());
        sim.advance(Duration.ofMinutes(1));
        assertThat(status(sim, bob, "alice")).isEqualTo(Presence.Status.OFFLINE);
        Conversation queued = sim.await(bob.open("alice"));
        assertThat(sim.await(queued.send("left while you were away")).state()).isEqualTo(DeliveryState.QUEUED);
        // at once on a device whose clock reads 4 h before her logout: its presence must still win
        sim.advance(Duration.ofSeconds(30));

        ChatClient aliceBehind = sim.clientWithClockOff(TWO_HOURS.negated());
        RecordingListener laterEvents = new RecordingListener();
        aliceBehind.addListener(laterEvents);
        sim.await(aliceBehind.login("alice", PASSWORD));
        sim.advance(POLL.multipliedBy(2));

        assertThat(laterEvents.texts()).containsExactly("left while you were away");
        assertThat(status(sim, bob, "alice"))
                .as("her new device's clock is 4 h behind her last one")
                .isEqualTo(Presence.Status.ONLINE);
        sim.crash(aliceBehind);
        sim.advance(ChatSim.CONFIG.presenceTtl().plus(Duration.ofMinutes(1)));
        assertThat(status(sim, bob, "alice"))
                .as("a crashed user is not shown online for hours")
                .isEqualTo(Presence.Status.OFFLINE);
    }

    private static Presence.Status status(ChatSim sim, ChatClient viewer, String user) {
        Optional<Presence> p = sim.await(viewer.users()).stream()
                .filter(x -> x.username().equals(user))
                .findFirst();
        return p.map(Presence::status).orElse(Presence.Status.OFFLINE);
    }
}
