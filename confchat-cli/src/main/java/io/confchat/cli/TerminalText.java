package io.confchat.cli;

/**
 * The one place where text meets the terminal: every line the CLI shows, interactive ({@link
 * Screen}) or printed by a command ({@link Output}), goes through {@link #line}. A peer writes
 * message texts (and anything else it controls); printed raw, an escape sequence in one could set
 * the window title, move the cursor to redraw earlier lines, clear the screen, or, with a carriage
 * return or a newline, forge a line that looks like another user's message.
 *
 * <p>So every control character is replaced by U+FFFD (a visible "?" in a box): C0 controls
 * including ESC, CR and LF, DEL, the C1 controls (U+0080 to U+009F, which some terminals obey as
 * escapes), the Unicode line and paragraph separators and the bidirectional overrides and
 * isolates (which reorder what follows on the line). A tab becomes a space. One character in,
 * one character out, so styles laid over a string keep their place.
 */
final class TerminalText {
    /** What a refused character shows as. */
    static final char REPLACEMENT = '\uFFFD';

    private TerminalText() {}

    /** {@code text} as one line that is safe to print. */
    static String line(String text) {
        int i = 0;
        while (i < text.length() && !refused(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text);
        for (; i < out.length(); i++) {
            char c = out.charAt(i);
            if (refused(c)) {
                out.setCharAt(i, c == '\t' ? ' ' : REPLACEMENT);
            }
        }
        return out.toString();
    }

    /** True for a character that must not reach a terminal as it is. */
    static boolean refused(char c) {
        return c < 0x20
                || (c >= 0x7f && c <= 0x9f)
                || c == '\u2028'
                || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069')
                || c == '\u200e'
                || c == '\u200f'
                || c == '\u061c';
    }
}
