package io.confchat.cli;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/**
 * The interactive terminal: line editing, hidden password input, messages printed above the
 * prompt while the user types, colours when the terminal has them (never for a dumb terminal or
 * with {@code NO_COLOR} set), and a spinner while waiting on the network.
 */
final class Screen implements AutoCloseable {
    static final int GREEN = AttributedStyle.GREEN;
    static final int RED = AttributedStyle.RED;
    static final int YELLOW = AttributedStyle.YELLOW;
    static final int CYAN = AttributedStyle.CYAN;
    private static final String SPINNER = "|/-\\";

    private final Terminal terminal;
    private final LineReader reader;
    private final boolean fancy;

    private Screen(Terminal terminal) {
        this.terminal = terminal;
        this.reader = LineReaderBuilder.builder().terminal(terminal).build();
        this.fancy = !Terminal.TYPE_DUMB.equals(terminal.getType())
                && !Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())
                && System.getenv("NO_COLOR") == null;
    }

    /** The system terminal, or a dumb one reading lines from stdin when there is no TTY. */
    static Screen open() throws IOException {
        return new Screen(TerminalBuilder.builder().system(true).dumb(true).build());
    }

    LineReader reader() {
        return reader;
    }

    /** Reads a line; null at end of input or Ctrl-C/Ctrl-D. */
    String ask(String prompt) {
        try {
            return reader.readLine(prompt).strip();
        } catch (EndOfFileException | UserInterruptException e) {
            return null;
        }
    }

    /** Reads a line without echoing it; null at end of input. */
    String askSecret(String prompt) {
        try {
            return reader.readLine(prompt, (char) 0);
        } catch (EndOfFileException | UserInterruptException e) {
            return null;
        }
    }

    /** Prints a line above the prompt (or plainly when nothing is being read). */
    void say(String line) {
        if (reader.isReading()) {
            reader.printAbove(line);
        } else {
            terminal.writer().println(line);
            terminal.writer().flush();
        }
    }

    void error(String line) {
        say(color(line, RED));
    }

    String color(String text, int color) {
        return fancy ? new AttributedString(text, AttributedStyle.DEFAULT.foreground(color)).toAnsi(terminal) : text;
    }

    String bold(String text) {
        return fancy ? new AttributedString(text, AttributedStyle.BOLD).toAnsi(terminal) : text;
    }

    /** Waits for {@code future}, showing {@code what} with a spinner meanwhile. */
    <T> T progress(String what, CompletableFuture<T> future) {
        if (!fancy) {
            say(what + "...");
            return Clients.await(future);
        }
        Thread spinner = new Thread(
                () -> {
                    int frame = 0;
                    while (!future.isDone()) {
                        terminal.writer().print("\r" + SPINNER.charAt(frame++ % SPINNER.length()) + " " + what);
                        terminal.writer().flush();
                        try {
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "confchat-spinner");
        spinner.setDaemon(true);
        spinner.start();
        try {
            return Clients.await(future);
        } finally {
            spinner.interrupt();
            try {
                spinner.join(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            terminal.writer().print("\r\033[2K");
            terminal.writer().flush();
        }
    }

    @Override
    public void close() throws IOException {
        terminal.close();
    }
}
