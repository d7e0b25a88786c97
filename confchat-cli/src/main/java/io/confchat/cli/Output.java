package io.confchat.cli;

import java.io.PrintWriter;

/**
 * Where a non-interactive command prints: one line at a time, each through {@link
 * TerminalText#line} (a peer's text can hold neither an escape sequence nor a newline that would
 * forge another line), flushed at once so a script or a pipe sees each line as it happens.
 * Thread-safe: lines from several threads never mix.
 */
final class Output {
    private final PrintWriter out;

    Output(PrintWriter out) {
        this.out = out;
    }

    void line(String text) {
        synchronized (out) {
            out.println(TerminalText.line(text));
            out.flush();
        }
    }
}
