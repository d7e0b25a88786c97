package io.confchat.cli.lab;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the system tools the lab is built with ({@code ip}, {@code nft}) as short child processes:
 * every run is bounded in time, and a failure throws with the command and what it printed.
 */
final class Commands {
    private static final long TIMEOUT_SECONDS = 20;
    /** Where root's tools live even when this JVM's PATH lacks the sbin directories. */
    private static final List<String> EXTRA_DIRECTORIES = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    private Commands() {}

    /** The absolute path of {@code tool} on the PATH (or in an sbin directory), if installed. */
    static Optional<String> find(String tool) {
        List<String> directories = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            directories.addAll(List.of(path.split(":")));
        }
        directories.addAll(EXTRA_DIRECTORIES);
        for (String directory : directories) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, tool);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    /** Runs {@code command} and returns its output; throws if it fails or takes over 20 s. */
    static String run(List<String> command) {
        return run(command, null);
    }

    /** Runs {@code command} with {@code input} on its stdin (null for none). */
    static String run(List<String> command, String input) {
        Result r = attempt(command, input);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("'" + String.join(" ", command) + "' exited with " + r.exitCode() + ": "
                    + r.output().trim());
        }
        return r.output();
    }

    /** Runs {@code command}, returning its exit code and output whatever they are. */
    static Result attempt(List<String> command, String input) {
        Path output = null;
        try {
            // output to a file, not a pipe: a child that never closes its stdout cannot block us
            output = Files.createTempFile("netlab", ".out");
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            try (OutputStream stdin = p.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(
                        "'" + String.join(" ", command) + "' still runs after " + TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }

    /** What a command did. */
    record Result(int exitCode, String output) {}
}
