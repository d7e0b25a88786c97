package io.confchat.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.Conversation;
import io.confchat.api.chat.DeliveryState;
import io.confchat.chat.internal.records.RecordTypes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recipient's process killed with SIGKILL right after it showed messages it had not saved yet,
 * live ones, then ones it fetched from its inbox: started again on the same data directory, it
 * shows none of them again, and its history has every message exactly once.
 */
class CrashRecoveryIT {
    private static final String PASSWORD = "correct horse battery";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path bobsDevice;

    private final ChatNetwork net = new ChatNetwork(3);
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
        net.close();
    }

    @Test
    void aRecipientKilledAfterShowingUnsavedMessages_showsEachOnce_andItsHistoryHoldsThemAll() throws Exception {
        ChatClient alice = net.client();
        join(alice.register("alice", PASSWORD));
        join(alice.register("bob", PASSWORD));
        join(alice.login("alice", PASSWORD));
        List<String> live = texts("live", 5);
        List<String> queued = texts("queued", 3);

        Recipient first = new Recipient();
        first.await("READY");
        Conversation chat = join(alice.open("bob"));
        assertThat(chat.isLive()).isTrue();
        for (String t : live) {
            assertThat(join(chat.send(t)).state()).isEqualTo(DeliveryState.DELIVERED);
        }
        for (String t : live) {
            first.await("SHOWN alice " + t);
        }
        first.process.destroyForcibly(); // SIGKILL: no logout, no save
        assertThat(first.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(first.process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        for (String t : queued) {
            assertThat(join(chat.send(t)).state()).isEqualTo(DeliveryState.QUEUED);
        }

        Recipient second = new Recipient(); // fetches the inbox at login, shows, and is killed at once
        for (String t : queued) {
            second.await("SHOWN alice " + t);
        }
        second.process.destroyForcibly();
        assertThat(second.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        boolean killedBeforeSaving = inboxItems() > 0;

        Recipient third = new Recipient();
        third.await("READY");
        // it settles what the second one left: acknowledged once saved (bounded wait, a loaded machine is slow)
        await().atMost(Duration.ofSeconds(60)).until(() -> inboxItems() == 0);
        Thread.sleep(3_000); // three more inbox polls: time enough for any message to come twice
        third.quit(); // reads every line printed until the end

        assertThat(first.shown).containsExactlyElementsOf(shown(live));
        assertThat(second.shown).containsExactlyElementsOf(shown(queued));
        assertThat(third.shown).as("shown again after the restart").isEmpty();
        join(alice.logout());
        join(alice.login("bob", PASSWORD));
        List<String> history =
                join(alice.history("alice")).stream().map(ChatMessage::text).toList();
        List<String> all = new ArrayList<>(live);
        all.addAll(queued);
        assertThat(history).as("in the DHT, each once").containsExactlyElementsOf(all);
        assertThat(killedBeforeSaving)
                .as("the second process died before it saved and acknowledged the inbox (a kill that came"
                        + " later would not test the journal)")
                .isTrue();
    }

    /** Inbox items held by any node. */
    private long inboxItems() {
        return net.stores().values().stream()
                .flatMap(store -> store.keys().stream().flatMap(k -> store.get(k).stream()))
                .filter(r -> r.record().type().equals(RecordTypes.INBOX))
                .count();
    }

    /** Bob's client in a process of its own, on his device's data directory. */
    private final class Recipient {
        final Process process;
        final List<String> shown = new ArrayList<>();
        private final List<String> printed = new ArrayList<>();
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        Recipient() throws IOException {
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(
                            java,
                            "-cp",
                            System.getProperty("java.class.path"),
                            RecipientProcess.class.getName(),
                            "127.0.0.1:" + net.seed().getPort(),
                            bobsDevice.toString(),
                            "bob",
                            PASSWORD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            processes.add(process);
            Thread reader = new Thread(() -> {
                try (BufferedReader r =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException ended) {
                    // the process died
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits for {@code line} (or finds it printed already), noting every SHOWN line on the way. */
        void await(String line) throws InterruptedException {
            if (printed.contains(line)) {
                return;
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                String next = lines.poll(100, TimeUnit.MILLISECONDS);
                if (next != null) {
                    printed.add(next);
                    if (next.startsWith("SHOWN ")) {
                        shown.add(next);
                    }
                }
                if (line.equals(next)) {
                    return;
                }
                if (next == null && !process.isAlive()) {
                    break;
                }
            }
            throw new AssertionError("bob's process did not print '" + line + "'; shown so far: " + shown);
        }

        void quit() throws Exception {
            Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            in.write("quit\n");
            in.flush();
            await("BYE");
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static List<String> texts(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + " text " + i).toList();
    }

    private static List<String> shown(List<String> texts) {
        return texts.stream().map(t -> "SHOWN alice " + t).toList();
    }

    private static <T> T join(java.util.concurrent.CompletableFuture<T> f) {
        return f.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }
}
