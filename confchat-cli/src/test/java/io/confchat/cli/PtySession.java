package io.confchat.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The CLI in a pseudo-terminal, driven the way a person would: {@code script(1)} (util-linux,
 * on every Debian) gives the child a real TTY, so JLine runs as in a terminal. Output is kept
 * with escape sequences and carriage returns stripped; {@link #expect} waits for text to appear
 * after what the previous expect matched. Every wait is bounded; {@link #close()} kills the
 * process tree.
 */
public final class PtySession implements AutoCloseable {
    private static final Pattern ESCAPES = Pattern.compile("\u001B\\[[0-9;?$]*[a-zA-Z~]|\u001B[=>]|\r");

    private final String name;
    private final Process process;
    private final OutputStream keyboard;
    static final int COLUMNS = 200;
    static final int ROWS = 50;

    private final StringBuilder screen = new StringBuilder();
    private final StringBuilder raw = new StringBuilder();
    private int matched;

    private PtySession(String name, Process process) {
        this.name = name;
        this.process = process;
        this.keyboard = process.getOutputStream();
        Thread reader = new Thread(this::read, "pty-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code confchat <args>} in a terminal; {@code home} is its home directory. */
    static PtySession start(String name, Path home, String... args) throws IOException {
        return start(UnaryOperator.identity(), name, home, args);
    }

    /**
     * Starts {@code confchat <args>} in a terminal through {@code launcher}, which may wrap the
     * {@code script(1)} command line (e.g. to run it on a host of the network-namespace lab).
     */
    public static PtySession start(UnaryOperator<List<String>> launcher, String name, Path home, String... args)
            throws IOException {
        List<String> words = new ArrayList<>(SupernodeProcess.javaJar());
        words.addAll(List.of(args));
        StringBuilder command = new StringBuilder("stty cols " + COLUMNS + " rows " + ROWS + " 2>/dev/null; exec");
        for (String word : words) {
            command.append(" '").append(word.replace("'", "'\\''")).append("'");
        }
        ProcessBuilder builder = new ProcessBuilder(
                        launcher.apply(List.of("script", "-qfec", command.toString(), "/dev/null")))
                .redirectErrorStream(true);
        builder.environment().put("HOME", home.toString());
        builder.environment().put("TERM", "xterm-256color");
        builder.environment().put("NO_COLOR", "1");
        builder.environment().put("LANG", "C.UTF-8");
        builder.environment().remove("CONFCHAT_PASSWORD");
        builder.environment().remove("CONFCHAT_BOOTSTRAP");
        return new PtySession(name, builder.start());
    }

    /** Types a line and Enter. */
    public PtySession type(String line) throws IOException {
        keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
        return this;
    }

    /** Types keys as they are (e.g. a Tab, or an arrow's escape sequence), without Enter. */
    public PtySession keys(String keys) throws IOException {
        keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
        return this;
    }

    /** Everything the program wrote to its terminal, escape sequences included. */
    public String raw() {
        synchronized (screen) {
            return raw.toString();
        }
    }

    /** The output played on a {@link VirtualScreen} of this terminal's size: the lines a person sees. */
    VirtualScreen virtualScreen() {
        return new VirtualScreen(COLUMNS, ROWS).play(raw());
    }

    /** Waits until {@code text} appears after the previous match; fails after {@code timeout}. */
    public PtySession expect(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (screen) {
                int at = screen.indexOf(text, matched);
                if (at >= 0) {
                    matched = at + text.length();
                    return this;
                }
            }
            if (!process.isAlive()) {
                Thread.sleep(200); // let the reader catch the last output
                synchronized (screen) {
                    int at = screen.indexOf(text, matched);
                    if (at >= 0) {
                        matched = at + text.length();
                        return this;
                    }
                }
                throw new AssertionError(name + " exited before showing '" + text + "':\n" + screen());
            }
            Thread.sleep(50);
        }
        throw new AssertionError(name + " did not show '" + text + "' within " + timeout + ":\n" + screen());
    }

    /**
     * Waits until a line of the screen as a person sees it ({@link #virtualScreen}) contains
     * {@code text}: for what is redrawn in place, like the status line, which the transcript of
     * {@link #expect} shows only as the changed characters.
     */
    public PtySession expectOnScreen(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (virtualScreen().lines().stream().anyMatch(line -> line.contains(text))) {
                return this;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " did not show '" + text + "' on its screen within " + timeout + ":\n"
                + String.join("\n", virtualScreen().lines()));
    }

    /** Everything shown so far. */
    public String screen() {
        synchronized (screen) {
            return screen.toString();
        }
    }

    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " still runs after " + timeout + ":\n" + screen());
        }
        return process.exitValue();
    }

    /** Kills the CLI without warning (the terminal goes with it), like a crash or a pulled cable. */
    public void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private void read() {
        byte[] buffer = new byte[4096];
        try (InputStream in = process.getInputStream()) {
            java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE);
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(buffer.length * 2);
            java.nio.CharBuffer chars = java.nio.CharBuffer.allocate(buffer.length * 2);
            for (int n; (n = in.read(buffer)) > 0; ) {
                bytes.put(buffer, 0, n).flip();
                utf8.decode(bytes, chars, false); // a character split between two reads waits for its end
                bytes.compact();
                String text = chars.flip().toString();
                chars.clear();
                synchronized (screen) {
                    raw.append(text);
                    screen.append(ESCAPES.matcher(text).replaceAll(""));
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }
}
