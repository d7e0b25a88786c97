package io.confchat.dht.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.confchat.dht.record.RecordSigner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node may be killed right after it acknowledged a STORE: every record whose put returned must
 * survive SIGKILL. A child JVM ({@link StoreWriterMain}) writes and acknowledges records; the test
 * kills it mid-stream and reopens the file.
 */
class MvStoreRecordStoreKillIT {
    private static final int RECORDS = 500;
    private static final int KILL_AFTER_ACKS = 200;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void everyAcknowledgedPut_shouldSurviveSigkill() throws Exception {
        Path file = dir.resolve("records.mv");
        Path childErr = dir.resolve("child.err");
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        StoreWriterMain.class.getName(),
                        file.toString(),
                        Integer.toString(RECORDS))
                .redirectError(childErr.toFile())
                .start();
        int acked;
        try {
            ChildOutput output = new ChildOutput(child, childErr);
            output.awaitAcks(KILL_AFTER_ACKS);
            assertThat(child.isAlive())
                    .as("the child is still running when killed")
                    .isTrue();
            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).as("child died").isTrue();
            acked = output.drain(); // what it printed before it died
        } finally {
            child.destroyForcibly();
        }

        try (RecordStore store = MvStoreRecordStore.open(file)) {
            assertThat(movedAside()).as("the file was readable").isEmpty();
            for (int i = 0; i < acked; i++) {
                List<StoredRecord> found = store.get(StoreWriterMain.key(i));
                assertThat(found).as("acknowledged record %d", i).hasSize(1);
                StoredRecord stored = found.get(0);
                assertThat(stored.record().payload()).isEqualTo(StoreWriterMain.payload(i));
                assertThat(stored.record().slot()).isEqualTo(StoreWriterMain.slot(i));
                assertThat(stored.record().seq()).isEqualTo(i + 1L);
                assertThat(stored.receivedAt()).isEqualTo(StoreWriterMain.receivedAt(i));
                assertThat(RecordSigner.verify(stored.record())).isTrue();
            }
            // at most the one put that was under way when the kill came may be there unacknowledged
            assertThat(store.size()).isBetween(acked, acked + 1);
            assertThat(store.countBySource("local")).isEqualTo(store.size());
        }
    }

    /** The child's stdout, read on a thread of its own so every wait here is bounded. */
    private static final class ChildOutput {
        private static final String EOF = "<eof>";
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Path stderr;
        private int acked;

        ChildOutput(Process child, Path stderr) {
            this.stderr = stderr;
            Thread reader = new Thread(
                    () -> {
                        try (BufferedReader in = new BufferedReader(
                                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                            for (String line = in.readLine(); line != null; line = in.readLine()) {
                                lines.add(line);
                            }
                        } catch (IOException e) {
                            // a pipe broken by the kill ends the output like EOF
                        } finally {
                            lines.add(EOF);
                        }
                    },
                    "store-writer-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        /** Reads until {@code wanted} acks were seen; fails on a timeout or an early end. */
        int awaitAcks(int wanted) throws Exception {
            while (acked < wanted) {
                if (!readLine()) {
                    fail("child ended after " + acked + " acks; stderr: " + Files.readString(stderr));
                }
            }
            return acked;
        }

        /** Reads the rest of the output of a dead child. */
        int drain() throws Exception {
            while (readLine()) {
                // counting acks
            }
            return acked;
        }

        private boolean readLine() throws Exception {
            String line = lines.poll(60, TimeUnit.SECONDS);
            if (line == null) {
                fail("no output within 60 s after " + acked + " acks; stderr: " + Files.readString(stderr));
            }
            if (line.startsWith("acked ")) {
                assertThat(Integer.parseInt(line.substring("acked ".length()))).isEqualTo(acked);
                acked++;
            }
            return !line.equals(EOF);
        }
    }

    private List<Path> movedAside() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().contains(".unreadable-"))
                    .toList();
        }
    }
}
