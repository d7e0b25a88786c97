package io.confchat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.Conversation;
import io.confchat.api.chat.ConversationPath;
import io.confchat.chat.internal.sim.SimulatedStreams.Nat;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A chat left while the hole punch of its relayed session runs is not reopened by the punch: the
 * punched connection's session replaces an open relayed session only, so neither side is left
 * holding a live session nobody opened, and the peer hears of one chat request, not a second one
 * after the goodbye. The leave comes at every 2 ms of the first 40 (simulated time): without the
 * rule, a leave in the first 30 ms or so left bob holding a direct session with alice.
 */
class PunchAfterLeaveSimTest {
    private static final String PASSWORD = "a long enough password";

    @Test
    void leavingWhileThePunchRuns_leavesNoSessionAndNoSecondChatRequest() {
        for (int offsetMillis = 0; offsetMillis <= 40; offsetMillis += 2) {
            try (ChatSim sim = new ChatSim(20261130L + offsetMillis, 3)) {
                sim.serversRelay(2);
                ChatClient alice = sim.clientBehind(Nat.PORT_PRESERVING);
                ChatClient bob = sim.clientBehind(Nat.PORT_PRESERVING);
                sim.await(alice.register("alice", PASSWORD));
                sim.await(bob.register("bob", PASSWORD));
                RecordingListener aliceEvents = new RecordingListener();
                alice.addListener(aliceEvents);
                sim.await(alice.login("alice", PASSWORD));
                sim.await(bob.login("bob", PASSWORD));

                Conversation toAlice = sim.await(bob.open("alice"));
                sim.advance(Duration.ofMillis(offsetMillis));
                sim.await(toAlice.close());
                sim.advance(Duration.ofSeconds(30));

                String at = "leaving " + offsetMillis + " ms after the open";
                assertThat(Internals.session(bob, "alice")).as(at).isEmpty();
                assertThat(Internals.session(alice, "bob")).as(at).isEmpty();
                assertThat(toAlice.path()).as(at).isEqualTo(ConversationPath.INBOX);
                assertThat(aliceEvents.chatRequests).as(at).containsExactly("bob");
            }
        }
    }
}
