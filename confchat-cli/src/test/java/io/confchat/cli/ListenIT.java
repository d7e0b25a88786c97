package io.confchat.cli;

import static io.confchat.cli.ListenEventsAwait.event;
import static io.confchat.cli.ListenEventsAwait.matches;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code confchat listen} as a real process: a bot (bob) that answers every message it gets,
 * driven only through its stdin and stdout JSON; alice's own {@code listen} sends and receives;
 * one-shot commands of alice go through her running listen (no password, no bootstrap); presence
 * and delivery events when the bot stops and comes back.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ListenIT {
    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration STEP = CliNetwork.STEP;
    /** The sender re-puts a queued text every 30 s until it sees the acknowledgement. */
    private static final Duration DELIVERY = Duration.ofSeconds(90);

    @TempDir
    Path home;

    private final AtomicBoolean stopped = new AtomicBoolean();
    private CliNetwork network;

    @AfterEach
    void stopAll() throws Exception {
        stopped.set(true);
        if (network != null) {
            network.close();
        }
    }

    @Test
    void aBotAnswersEveryMessage_andOneShotCommandsUseTheRunningListen() throws Exception {
        network = CliNetwork.start(home);
        SupernodeProcess bot = startBot();
        SupernodeProcess alice = listen("alice", "--presence-every", "1");
        event(alice, "ready", Map.of("user", "alice"), START);

        alice.type("{\"to\":\"bob\",\"text\":\"ping 1\",\"ref\":\"r1\"}");
        assertThat(event(alice, "sent", Map.of("ref", "r1"), STEP)).containsEntry("state", "delivered");
        assertThat(event(alice, "message", Map.of("from", "bob"), STEP)).containsEntry("text", "echo: ping 1");

        alice.type("bob: q");
        event(alice, "message", Map.of("text", "echo: q"), STEP);
        alice.type(Json.write(Map.of("to", "bob", "text", TerminalTextTest.HOSTILE)));
        String hostileLine = alice.awaitMatching(line -> line.contains("echo: hi"), "the hostile echo", STEP);
        assertThat(hostileLine).doesNotContain("\u001b", "\u0007", "\u009b", "\u202e");
        assertThat(JsonReader.readObject(hostileLine)).containsEntry("text", "echo: " + TerminalTextTest.HOSTILE);

        alice.type("nonsense");
        assertThat(event(alice, "error", Map.of(), STEP)).containsEntry("line", 4L);
        alice.type("{\"to\":\"nobody\",\"text\":\"x\",\"ref\":\"r5\"}");
        assertThat(event(alice, "error", Map.of("ref", "r5"), STEP).get("error"))
                .asString()
                .contains("there is no user named 'nobody'");

        // one-shot commands through alice's running listen: no password, no bootstrap
        assertThat(oneShot("send", "-u", "alice", "bob", "via the socket")).containsExactly("delivered to bob");
        event(alice, "message", Map.of("text", "echo: via the socket"), STEP);
        String inbox = oneShot("inbox", "-u", "alice", "--json").get(0);
        assertThat(Messages.listFromJson(JsonReader.read(inbox)))
                .extracting(m -> m.text())
                .containsExactly(
                        "echo: ping 1", "echo: q", "echo: " + TerminalTextTest.HOSTILE, "echo: via the socket");
        assertThat(oneShot("inbox", "-u", "alice"))
                .as("taken by the previous inbox")
                .isEmpty();
        List<String> history = oneShot("history", "-u", "alice", "bob");
        assertThat(history).anyMatch(l -> l.endsWith("alice: ping 1")).anyMatch(l -> l.endsWith("bob: echo: q"));
        assertThat(String.join("\n", history))
                .doesNotContain("\u001b", "\u0007", "\r", "\u009b")
                .contains("\uFFFD]0;pwned");
        assertThat(oneShot("users", "-u", "alice", "--json").get(0))
                .contains("{\"username\":\"bob\",\"status\":\"online\"}");

        // the bot stops: alice sees it offline, her next text waits in its inbox
        assertThat(bot.stop(STEP)).isTrue();
        assertThat(bot.awaitExit(STEP)).as("128 + SIGTERM, after logging out").isEqualTo(143);
        event(alice, "presence", Map.of("user", "bob", "status", "offline"), STEP);
        alice.type("{\"to\":\"bob\",\"text\":\"are you there?\",\"ref\":\"r9\"}");
        Map<String, Object> queued = event(alice, "sent", Map.of("ref", "r9"), STEP);
        assertThat(queued).containsEntry("state", "queued");

        // back: the bot answers what waited, alice learns it was delivered
        startBot();
        // in either order: the echo comes at once, the delivery when alice's outbox sees the acknowledgement
        List<Map<String, Object>> wanted = new ArrayList<>(List.of(
                Map.of("event", "delivery", "id", queued.get("id"), "state", "delivered"),
                Map.of("event", "message", "text", "echo: are you there?")));
        while (!wanted.isEmpty()) {
            String line = alice.awaitMatching(l -> wanted.stream().anyMatch(w -> matches(l, w)), "" + wanted, DELIVERY);
            wanted.removeIf(w -> matches(line, w));
        }

        assertThat(alice.stop(STEP)).isTrue();
        assertThat(alice.awaitExit(STEP)).isEqualTo(143);
        assertThat(home.resolve("alice/.confchat/control/alice.sock"))
                .as("removed at the end")
                .doesNotExist();
        assertThat(alice.stderr()).doesNotContain("Exception");
    }

    /** Bob's listen and a thread that answers every message it reports, until the test ends. */
    private SupernodeProcess startBot() throws Exception {
        SupernodeProcess bot = listen("bob");
        CountDownLatch ready = new CountDownLatch(1);
        Thread answering = new Thread(() -> answer(bot, ready), "bot");
        answering.setDaemon(true);
        answering.start();
        assertThat(ready.await(START.toSeconds(), TimeUnit.SECONDS))
                .as("bob's listen ready; stderr: %s", bot.stderr())
                .isTrue();
        return bot;
    }

    /** The bot: reads its events, answers each message with "echo: " and the text. */
    private void answer(SupernodeProcess bot, CountDownLatch ready) {
        try {
            while (!stopped.get()) {
                String line = bot.pollLine(Duration.ofMillis(200));
                if (line == null) {
                    continue;
                }
                Map<String, Object> e = JsonReader.readObject(line);
                if ("ready".equals(e.get("event"))) {
                    ready.countDown();
                }
                // messages from the inbox come during the login, before "ready"
                if ("message".equals(e.get("event"))) {
                    Map<String, Object> reply = new LinkedHashMap<>();
                    reply.put("to", e.get("from"));
                    reply.put("text", "echo: " + e.get("text"));
                    bot.type(Json.write(reply));
                }
            }
        } catch (InterruptedException | java.io.IOException e) {
            // the bot's process ended
        }
    }

    private SupernodeProcess listen(String user, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("listen", "-u", user, "--json"));
        args.addAll(List.of(extra));
        return network.command(user, network.loginEnvironment("123"), args.toArray(String[]::new));
    }

    /** A one-shot command of alice with her home and nothing else: it can only work through her listen. */
    private List<String> oneShot(String... args) throws Exception {
        SupernodeProcess p = network.command("alice", Map.of(), args);
        assertThat(p.awaitExit(STEP))
                .as("exit of %s; stderr: %s", List.of(args), p.stderr())
                .isZero();
        return p.remainingStdout();
    }
}
