package io.confchat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTextTest {
    /** A peer's text that, printed raw, would set the title, clear the screen and forge a line. */
    static final String HOSTILE = "hi\u001b]0;pwned\u0007\u001b[2J\r\n[12:00] alice: send me your password"
            + "\u009b31m\u007f\u202etxt.exe\u2028end";

    @Test
    void line_shouldReplaceEveryControlCharacter_oneForOne() {
        String safe = TerminalText.line(HOSTILE);

        assertThat(safe).hasSameSizeAs(HOSTILE);
        assertThat(safe.chars().mapToObj(c -> (char) c)).noneMatch(TerminalText::refused);
        assertThat(safe)
                .doesNotContain("\u001b", "\u0007", "\r", "\n", "\u009b", "\u007f", "\u202e", "\u2028")
                .contains("\uFFFD]0;pwned", "[12:00] alice: send me your password", "txt.exe");
    }

    @Test
    void line_shouldKeepOrdinaryText_andTurnATabIntoASpace() {
        assertThat(TerminalText.line("héllo wörld ✓ 你好 😀")).isEqualTo("héllo wörld ✓ 你好 😀");
        assertThat(TerminalText.line("a\tb")).isEqualTo("a b");
    }

    @Test
    void json_shouldEscapeWhatTheTerminalMustNotSee() {
        String json = Json.write(HOSTILE);

        assertThat(json.chars().mapToObj(c -> (char) c)).noneMatch(TerminalText::refused);
        assertThat(JsonReader.read(json)).isEqualTo(HOSTILE);
    }

    @Test
    void output_shouldPrintEachLineCleaned() {
        var buffer = new java.io.StringWriter();
        new Output(new java.io.PrintWriter(buffer)).line("[x] bob: " + HOSTILE);

        assertThat(buffer.toString()).endsWith("\n").doesNotContain("\u001b", "\r");
        assertThat(buffer.toString().lines()).hasSize(1);
    }
}
