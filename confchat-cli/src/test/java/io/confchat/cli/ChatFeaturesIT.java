package io.confchat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive client's features in real terminals, three users at once: completion of a
 * command and a username, "q" sent inside a chat, input history, several chats with unread counts
 * on the status line and the bell, a hostile text from a peer (sent by a script through the peer's
 * running node), delivery marks from queued to delivered, paging of a long chat. At the end every
 * terminal is played on a {@link VirtualScreen}: no line was printed inside the prompt, the status
 * line or the spinner.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ChatFeaturesIT {
    private static final Duration START = CliNetwork.START;
    private static final Duration STEP = CliNetwork.STEP;
    /** The sender re-puts a queued text every 30 s until it sees the acknowledgement. */
    private static final Duration DELIVERY = Duration.ofSeconds(90);

    private static final Pattern STAMP = Pattern.compile("\\[\\d\\d:\\d\\d] ");

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
    void threeUsers_useEveryFeature_andNoLineLandsInsideThePromptOrTheSpinner() throws Exception {
        network = CliNetwork.start(home);
        PtySession alice = network.node("alice");
        PtySession bob = network.node("bob");
        PtySession carol = network.node("carol");
        CliNetwork.logIn(alice, "alice", "123");
        CliNetwork.logIn(bob, "bob", "123");
        CliNetwork.logIn(carol, "carol", "123");

        // Tab completes the command, then the username
        alice.keys("/cha\t").keys(" b\t").keys("\r"); // "/chat" (or /chats), then bob
        alice.expect("--- chat with bob ---", STEP).expect("bob is online", STEP);

        // inside a chat "q" is a text like any other
        alice.type("q").expect("alice: q [delivered]", STEP);
        bob.expect("new message from alice: q", STEP).expectOnScreen("[bob] user list | alice: 1 unread", STEP);
        bob.type("/chat alice").expect("--- chat with alice ---", STEP).expect("alice: q", STEP);
        bob.expectOnScreen("[bob] alice (live) | /help", STEP);

        // up arrow recalls what was typed
        alice.type("hello bob").expect("alice: hello bob [delivered]", STEP);
        alice.keys("\u001bOA").keys("\r").expect("alice: hello bob [delivered]", STEP);
        bob.expect("alice: hello bob", STEP).expect("alice: hello bob", STEP);

        // a message in another chat: a notice, the bell, an unread count; switching reads it
        carol.type("/chat alice").expect("alice is online", STEP);
        carol.type("hi from carol");
        alice.expect("new message from carol: hi from carol", STEP).expectOnScreen("| carol: 1 unread", STEP);
        assertThat(alice.virtualScreen().bells()).as("the bell rang").isPositive();
        alice.type("/chat carol").expect("--- chat with carol ---", STEP).expect("carol: hi from carol", STEP);
        alice.expectOnScreen("[alice] carol (live) | /help", STEP);
        bob.type("still there?");
        alice.expect("new message from bob: still there?", STEP).expectOnScreen("| bob: 1 unread", STEP);
        alice.type("/chat bob").expect("--- chat with bob ---", STEP).expect("bob: still there?", STEP);
        alice.expectOnScreen("[alice] bob (live) | /help", STEP); // nothing unread anywhere

        // a hostile text, sent by a script through carol's running node (no password, no bootstrap)
        SupernodeProcess script =
                network.command("carol", Map.of(), "send", "-u", "carol", "alice", TerminalTextTest.HOSTILE);
        assertThat(script.awaitExit(STEP)).as(script.stderr()).isZero();
        assertThat(script.remainingStdout()).containsExactly("delivered to alice");
        carol.expect("carol: hi", STEP).expect("(sent by a script)", STEP);
        alice.expect("new message from carol: hi\uFFFD]0;pwned\uFFFD\uFFFD[2J\uFFFD\uFFFD[12:00] alice: send me", STEP);
        assertThat(alice.raw()).doesNotContain("\u001b]0;pwned", "pwned\u0007", "\u009b31m", "\u202e");

        // delivery marks: queued for an offline user, delivered once she logs in elsewhere
        alice.type("/chat dave").expect("dave is offline", STEP);
        alice.type("are you there?").expect("alice: are you there? [queued]", STEP);
        SupernodeProcess dave = network.command("dave", network.loginEnvironment("123"), "inbox", "-u", "dave");
        assertThat(dave.awaitExit(START)).as(dave.stderr()).isZero();
        assertThat(dave.remainingStdout()).anyMatch(line -> line.endsWith("alice: are you there?"));
        alice.expect("dave received your message of", DELIVERY).expect("[delivered]: are you there?", STEP);

        // keys typed while a spinner turns wait for the prompt; a text queued while the chat is
        // being left and saved shows as a line of its own
        alice.type("/chat eve").type("ping eve").type("/leave");
        alice.expect("ping eve [queued]", STEP).expect("chat with (username", STEP);

        // a long chat is paged: 15 messages when it opens, /history for the older ones
        alice.type("/chat bob").expect("--- chat with bob ---", STEP);
        for (int i = 1; i <= 13; i++) {
            alice.type("line " + i);
        }
        alice.expect("alice: line 13 [delivered]", STEP);
        alice.type("/leave").expect("chat with (username", STEP);
        alice.type("bob").expect("2 earlier messages: /history shows them", STEP);
        alice.type("/history").expect("--- messages 1 to 2 of 17 with bob (the beginning) ---", STEP);
        alice.expect("alice: q", STEP).expect("alice: hello bob", STEP);

        for (PtySession s : List.of(alice, bob, carol)) {
            s.type("/quit").expect("bye", STEP);
            assertThat(s.awaitExit(STEP)).isZero();
            assertCleanScreen(s);
        }
    }

    /**
     * What a person sees at the end: every timestamped line starts with its time (a line printed
     * into the prompt, the status line or a spinner would not), no spinner or chat prompt is left
     * behind, the status line was erased each time a line was accepted.
     */
    private static void assertCleanScreen(PtySession s) {
        List<String> lines = s.virtualScreen().lines();
        for (String line : lines) {
            if (line.indexOf('\uFFFD') >= 0) {
                continue; // the hostile text holds a forged time of its own
            }
            var stamp = STAMP.matcher(line);
            if (stamp.find()) {
                assertThat(stamp.start())
                        .as("a line printed inside another:\n%s", String.join("\n", lines))
                        .isZero();
            }
            assertThat(line)
                    .as("left behind:\n%s", String.join("\n", lines))
                    .doesNotContain(
                            "looking up users",
                            "opening the chat",
                            "saving the conversation",
                            "logging in",
                            "| /help",
                            "to bob> ",
                            "to alice> ")
                    .doesNotStartWith("| ")
                    .doesNotStartWith("/ ")
                    .doesNotStartWith("\\ ");
        }
        assertThat(lines).as("the screen").contains("bye");
        assertThat(s.screen()).doesNotContain("Exception", "\tat ");
    }
}
