package io.confchat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's story, typed into real terminals: a supernode with demo users, alice and bob on
 * two interactive nodes chat live, bob quits, alice leaves him a message, bob logs in on a third
 * node and sees the message and the history. Then the mistakes a person makes, each answered
 * with a clear message and no stack trace.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class InteractiveIT {
    private static final Duration START = CliNetwork.START;
    private static final Duration STEP = CliNetwork.STEP;
    /** The sender re-puts a queued text every 30 s until it sees the acknowledgement. */
    private static final Duration DELIVERY = Duration.ofSeconds(90);

    @TempDir
    Path home;

    private CliNetwork network;

    @AfterEach
    void stopAll() throws Exception {
        if (network != null) {
            network.close();
        }
    }

    @Test
    void aliceAndBob_chatLive_thenOffline_andBobSeesMessageAndHistoryOnAThirdNode() throws Exception {
        network = CliNetwork.start(home);
        PtySession alice = network.node("alice");
        CliNetwork.logIn(alice, "alice", "123");
        PtySession bob = network.node("bob");
        CliNetwork.logIn(bob, "bob", "123");

        alice.type("bob").expect("--- chat with bob ---", STEP).expect("bob is online", STEP);
        alice.type("hello bob");
        bob.expect("alice wants to chat", STEP).expect("new message from alice: hello bob", STEP);
        bob.type("alice").expect("--- chat with alice ---", STEP).expect("alice is online", STEP);
        bob.type("hi alice");
        alice.expect("bob: hi alice", STEP);
        bob.type("/leave").expect("chat with (username", STEP);
        alice.expect("bob left the chat", STEP);
        bob.type("q").expect("bye", STEP);
        assertThat(bob.awaitExit(STEP)).isZero();

        alice.type("are you there?").expect("alice: are you there? [queued]", STEP);

        PtySession bobElsewhere = network.node("bob-on-a-third-node");
        bobElsewhere.expect("log in or register?", START).type("l").type("bob").type("123");
        // announced while logging in: the inbox is fetched at login
        bobElsewhere.expect("new message from alice (sent while you were offline): are you there?", STEP);
        bobElsewhere.expect("logged in as bob", STEP).expect("alice  1 unread", STEP);
        bobElsewhere.type("alice").expect("--- chat with alice ---", STEP);
        bobElsewhere
                .expect("alice: hello bob", STEP)
                .expect("bob: hi alice", STEP)
                .expect("alice: are you there?", STEP);
        bobElsewhere.type("/leave").expect("chat with (username", STEP);
        bobElsewhere.type("q").expect("bye", STEP);
        // alice stayed in the chat: it tells her that the queued text arrived
        alice.expect("bob received your message of", DELIVERY).expect("[delivered]: are you there?", STEP);
        alice.type("/leave").expect("chat with (username", STEP);
        alice.type("q").expect("bye", STEP);
        assertThat(bobElsewhere.awaitExit(STEP)).isZero();
        assertThat(alice.awaitExit(STEP)).isZero();
        assertNoStackTraces(alice, bob, bobElsewhere);
    }

    @Test
    void mistakes_getClearMessages_andNoStackTrace() throws Exception {
        network = CliNetwork.start(home);
        PtySession carol = network.node("carol");
        carol.expect("log in or register?", START);
        carol.type("l").type("carol").type("wrong password").expect("wrong username or password", STEP);
        carol.type("l").type("nobody").type("whatever12").expect("wrong username or password", STEP);
        carol.type("r")
                .type("alice")
                .type("a new password")
                .type("a new password")
                .expect("is taken", STEP);
        carol.type("r").type("frank").type("short").type("short").expect("too short", STEP);
        carol.type("x").expect("type l to log in", STEP);
        carol.type("l").type("carol").type("123").expect("logged in as carol", STEP);
        carol.type("zed").expect("there is no user named 'zed'", STEP);

        PtySession dave = network.node("dave");
        CliNetwork.logIn(dave, "dave", "123");
        carol.type("dave").expect("dave is online", STEP);
        carol.type("still there?");
        dave.expect("new message from carol: still there?", STEP);
        dave.kill(); // dave's node goes away mid-chat
        carol.expect("the connection to dave dropped", STEP);
        carol.type("hello?").expect("carol: hello? [queued]", STEP);
        carol.type("/frobnicate").expect("unknown command /frobnicate: /help lists the commands", STEP);
        carol.type("/leave").type("q").expect("bye", STEP);
        assertThat(carol.awaitExit(STEP)).isZero();

        SupernodeProcess unknown = network.command("frobnicate", java.util.Map.of(), "frobnicate");
        assertThat(unknown.awaitExit(STEP)).isEqualTo(2);
        assertThat(unknown.stderr())
                .contains("Unmatched argument", "frobnicate")
                .doesNotContain("Exception");
        assertNoStackTraces(carol);
    }

    private static void assertNoStackTraces(PtySession... sessions) {
        for (PtySession s : sessions) {
            assertThat(s.screen()).doesNotContain("Exception", "\tat ");
        }
    }
}
