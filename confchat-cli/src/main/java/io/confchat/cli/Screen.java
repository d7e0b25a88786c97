package io.confchat.cli;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.InfoCmp;

/**
 * The interactive terminal, the only writer to it. Every line goes through {@link #say}, which
 * passes its characters through {@link TerminalText} (styles are applied afterwards, so no text
 * can carry an escape sequence) and prints it above the prompt ({@link LineReader#printAbove})
 * while a line is being read, above the spinner while one turns, or plainly otherwise: one lock
 * orders them, so a line never lands inside the prompt or the spinner.
 *
 * <p>The chat prompt has two lines: a status line ({@link #statusLine}, redrawn on {@link
 * #refresh}) and the input line; both are erased when a line is accepted, so what was typed shows
 * once, as the client prints it. The terminal itself never echoes (JLine echoes what it reads), so
 * keys typed while a spinner turns wait for the next prompt instead of landing on its line.
 *
 * <p>Colours only on a real terminal without {@code NO_COLOR}; the spinner and the bell on any
 * terminal but a dumb one (a plain {@code ...:} line there).
 */
final class Screen implements AutoCloseable {
    static final int GREEN = AttributedStyle.GREEN;
    static final int RED = AttributedStyle.RED;
    static final int YELLOW = AttributedStyle.YELLOW;
    static final int CYAN = AttributedStyle.CYAN;
    private static final String SPINNER = "|/-\\";

    private final Terminal terminal;
    private final LineReaderImpl reader;
    private final boolean colors;
    private final boolean smart;
    private final Attributes original;
    private final Object lock = new Object();
    private String spinning; // what the spinner shows now, or null: guarded by lock
    private volatile Supplier<AttributedString> statusLine;

    private Screen(Terminal terminal, Completer completer) {
        this.terminal = terminal;
        this.reader = (LineReaderImpl) LineReaderBuilder.builder()
                .terminal(terminal)
                .completer(completer)
                // messages are prose: no quoting, escaping or !history expansion
                .parser(new DefaultParser().quoteChars(new char[0]).escapeChars(new char[0]))
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, false)
                .option(LineReader.Option.BRACKETED_PASTE, false)
                .build();
        this.smart =
                !Terminal.TYPE_DUMB.equals(terminal.getType()) && !Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
        this.colors = smart && System.getenv("NO_COLOR") == null;
        this.original = terminal.getAttributes();
        if (smart) {
            // JLine echoes what it reads itself; between two prompts keys wait unseen for the next
            // one instead of landing in the middle of the output (the terminal gets its settings
            // back at close)
            Attributes quiet = new Attributes(original);
            quiet.setLocalFlag(Attributes.LocalFlag.ECHO, false);
            quiet.setLocalFlag(Attributes.LocalFlag.ICANON, false);
            terminal.setAttributes(quiet);
        }
    }

    /** The system terminal, or a dumb one reading lines from stdin when there is no TTY. */
    static Screen open(Completer completer) throws IOException {
        return new Screen(TerminalBuilder.builder().system(true).dumb(true).build(), completer);
    }

    LineReader reader() {
        return reader;
    }

    /** Sets what the status line above the chat prompt shows; null for no status line. */
    void statusLine(Supplier<AttributedString> status) {
        this.statusLine = status;
    }

    /** Reads a line at a one-line prompt, keeping it on screen; null at end of input or Ctrl-C/Ctrl-D. */
    String ask(String prompt) {
        return read(prompt, null, false);
    }

    /** Reads a line without echoing it; null at end of input. */
    String askSecret(String prompt) {
        return read(prompt, (char) 0, false);
    }

    /**
     * Reads a line under the status line, both erased when the line is accepted; the line goes
     * into the input history (up and down arrows, Ctrl-R).
     */
    String askInChat(String prompt) {
        return read(prompt, null, true);
    }

    private String read(String prompt, Character mask, boolean chat) {
        reader.setVariable(LineReader.DISABLE_HISTORY, !chat);
        if (chat) {
            reader.setOpt(LineReader.Option.ERASE_LINE_ON_FINISH);
        } else {
            reader.unsetOpt(LineReader.Option.ERASE_LINE_ON_FINISH);
        }
        try {
            String line = reader.readLine(chat ? fullPrompt(prompt) : escape(render(plain(prompt))), mask);
            return mask == null ? line.strip() : line;
        } catch (EndOfFileException | UserInterruptException e) {
            return null;
        }
    }

    /** Redraws the status line (if a chat prompt shows), e.g. after an unread count changed. */
    void refresh() {
        synchronized (lock) {
            if (reader.isReading() && statusLine != null) {
                reader.setPrompt(fullPrompt(inputPrompt));
                try {
                    reader.callWidget(LineReader.REDISPLAY);
                } catch (IllegalStateException e) {
                    // the line was accepted meanwhile: the next prompt shows the new status
                }
            }
        }
    }

    private volatile String inputPrompt = "> ";

    private String fullPrompt(String prompt) {
        inputPrompt = prompt;
        Supplier<AttributedString> status = statusLine;
        String input = escape(render(plain(prompt)));
        return status == null ? input : escape(render(status.get())) + "\n" + input;
    }

    /** Prints a line above the prompt or the spinner, or plainly when neither shows. */
    void say(AttributedString line) {
        String text = render(line);
        synchronized (lock) {
            if (reader.isReading()) {
                reader.printAbove(text);
            } else if (spinning != null) {
                terminal.writer().print("\r\033[2K" + text + "\n" + frame(0));
                terminal.flush();
            } else {
                terminal.writer().println(text);
                terminal.flush();
            }
        }
    }

    void say(String line) {
        say(plain(line));
    }

    void error(String line) {
        say(color(line, RED));
    }

    /** Rings the terminal's bell (nothing on a dumb terminal). */
    void bell() {
        if (smart) {
            synchronized (lock) {
                terminal.puts(InfoCmp.Capability.bell);
                terminal.flush();
            }
        }
    }

    static AttributedString plain(String text) {
        return new AttributedString(text);
    }

    static AttributedString color(String text, int color) {
        return new AttributedString(text, AttributedStyle.DEFAULT.foreground(color));
    }

    static AttributedString bold(String text) {
        return new AttributedString(text, AttributedStyle.BOLD);
    }

    /** The line as the terminal gets it: every character through {@link TerminalText}, then the styles. */
    private String render(AttributedString line) {
        AttributedStringBuilder safe = new AttributedStringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            safe.style(line.styleAt(i))
                    .append(TerminalText.refused(c) ? TerminalText.line(String.valueOf(c)) : String.valueOf(c));
        }
        AttributedString clean = safe.toAttributedString();
        return colors ? clean.toAnsi(terminal) : clean.toString();
    }

    /** A prompt for JLine, which reads {@code %} as the start of a pattern. */
    private static String escape(String prompt) {
        return prompt.replace("%", "%%");
    }

    /** Waits for {@code future}, showing {@code what} with a spinner meanwhile. */
    <T> T progress(String what, CompletableFuture<T> future) {
        if (!smart) {
            say(what + "...");
            return Clients.await(future);
        }
        String shown = TerminalText.line(what);
        synchronized (lock) {
            spinning = shown;
        }
        Thread spinner = new Thread(() -> spin(future), "confchat-spinner");
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
            synchronized (lock) {
                spinning = null;
                terminal.writer().print("\r\033[2K");
                terminal.flush();
            }
        }
    }

    private void spin(CompletableFuture<?> future) {
        for (int frame = 0; !future.isDone(); frame++) {
            synchronized (lock) {
                if (spinning == null) {
                    return;
                }
                terminal.writer().print(frame(frame));
                terminal.flush();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private String frame(int n) {
        return "\r" + SPINNER.charAt(n % SPINNER.length()) + " " + spinning;
    }

    @Override
    public void close() throws IOException {
        terminal.setAttributes(original);
        terminal.close();
    }
}
