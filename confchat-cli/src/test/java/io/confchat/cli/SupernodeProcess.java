package io.confchat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * {@code java -jar confchat-cli-*-all.jar ...} as a real child process, for the ITs. Stdout lines
 * are queued by a daemon thread (so the pipe never fills); stderr goes to a file for failure
 * messages. Every wait is bounded; {@link #close()} kills the process if it still runs.
 */
public final class SupernodeProcess implements AutoCloseable {
    private static final Path JAR =
            Paths.get(System.getProperty("confchat.cli.jar", "target/confchat-cli-0.2.0-SNAPSHOT-all.jar"));

    private final Process process;
    private final Path stderr;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();

    /** The shaded CLI jar under test; it must exist. */
    static Path cliJar() {
        assertThat(JAR).as("shaded jar (built in the package phase)").isRegularFile();
        return JAR;
    }

    /** {@code java -Xmx256m -jar <the shaded CLI jar>}, with this JVM's java; the jar must exist. */
    static List<String> javaJar() {
        return List.of(java(), "-Xmx256m", "-jar", cliJar().toAbsolutePath().toString());
    }

    /** The java launcher of this JVM. */
    public static String java() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Paths.get(System.getProperty("java.home"), "bin", "java")
                        .toString());
    }

    private SupernodeProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        Thread reader = new Thread(this::drainStdout, "supernode-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code confchat <args>}; {@code workDir} receives the stderr log. */
    static SupernodeProcess start(Path workDir, String... args) throws IOException {
        return start(workDir, Map.of(), args);
    }

    /** Starts {@code confchat <args>} with extra environment variables; HOME is {@code workDir}. */
    static SupernodeProcess start(Path workDir, Map<String, String> environment, String... args) throws IOException {
        return start(UnaryOperator.identity(), workDir, environment, args);
    }

    /**
     * Starts {@code confchat <args>} through {@code launcher}, which may wrap the command line
     * (e.g. to run it on a host of the network-namespace lab); HOME is {@code workDir}.
     */
    public static SupernodeProcess start(
            UnaryOperator<List<String>> launcher, Path workDir, Map<String, String> environment, String... args)
            throws IOException {
        List<String> confchat = new ArrayList<>(javaJar());
        confchat.addAll(List.of(args));
        List<String> command = launcher.apply(confchat);
        Path stderr = Files.createTempFile(workDir, "supernode", ".stderr");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().put("HOME", workDir.toString());
        builder.environment().keySet().removeIf(k -> k.startsWith("CONFCHAT_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        return new SupernodeProcess(process, stderr);
    }

    /**
     * Waits for the first stdout line starting with {@code prefix} and returns the rest of it.
     * Fails if the process exits or {@code timeout} passes first.
     */
    public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = stdout.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line.substring(prefix.length()).trim();
            }
            if (line == null && !process.isAlive() && stdout.isEmpty()) {
                throw new AssertionError("supernode exited with " + process.exitValue() + " before printing '" + prefix
                        + "'; stderr:\n" + stderr());
            }
        }
        throw new AssertionError("no '" + prefix + "' line within " + timeout + "; stderr:\n" + stderr());
    }

    /**
     * Waits for the supernode's {@code listening on} line and returns the endpoints it lists (what
     * comes before the parenthesis with its reachability and relay service).
     */
    public String awaitEndpoints(Duration timeout) throws InterruptedException {
        String line = awaitLine("listening on", timeout);
        int details = line.indexOf(" (");
        return details < 0 ? line : line.substring(0, details);
    }

    /**
     * Waits for the first stdout line that {@code wanted} accepts and returns it; the lines before
     * it are consumed. Fails if the process exits or {@code timeout} passes first.
     */
    public String awaitMatching(java.util.function.Predicate<String> wanted, String what, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            String line = stdout.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                if (wanted.test(line)) {
                    return line;
                }
                seen.add(line);
            } else if (!process.isAlive() && stdout.isEmpty()) {
                throw new AssertionError("exited with " + process.exitValue() + " before " + what + "; stdout:\n"
                        + String.join("\n", seen) + "\nstderr:\n" + stderr());
            }
        }
        throw new AssertionError("no " + what + " within " + timeout + "; stdout:\n" + String.join("\n", seen)
                + "\nstderr:\n" + stderr());
    }

    /** The next stdout line, or null if none comes within {@code timeout}. */
    public String pollLine(Duration timeout) throws InterruptedException {
        return stdout.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Writes a line to the process's stdin. */
    public void type(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** Sends SIGTERM (a Ctrl-C-like stop) and returns whether the process ended within {@code timeout}. */
    public boolean stop(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends SIGKILL (a crash: no shutdown hook runs) and waits at most {@code timeout} for the end. */
    public boolean kill(Duration timeout) throws InterruptedException {
        process.destroyForcibly();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The exit code, waiting at most {@code timeout}; fails if the process still runs then. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("supernode still runs after " + timeout + "; stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    /** Every stdout line read so far that no {@link #awaitLine} consumed. */
    public List<String> remainingStdout() {
        List<String> lines = new ArrayList<>();
        stdout.drainTo(lines);
        return lines;
    }

    public String stderr() {
        try {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void drainStdout() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                stdout.add(line);
            }
        } catch (IOException e) {
            // the process was killed; the test reports what it was waiting for
        }
    }
}
