package io.confchat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VirtualScreenTest {
    @Test
    void aLineErasedAndRewritten_showsOnce() {
        VirtualScreen s = new VirtualScreen(40, 5).play("| saving\r\u001b[2Kbob: hi\r\n| saving\r\u001b[2K");

        assertThat(s.lines()).containsExactly("bob: hi");
    }

    @Test
    void textWrittenWithoutErasing_mixesIntoTheLine_asOnARealTerminal() {
        VirtualScreen s = new VirtualScreen(40, 5).play("| saving the conversation\r(in inbox)\r\n");

        assertThat(s.lines()).containsExactly("(in inbox)he conversation");
    }

    @Test
    void cursorMovesScrollingAndBells_arePlayed() {
        VirtualScreen s = new VirtualScreen(10, 2)
                .play("one\r\ntwo\r\nthree\u0007\u001b[1A\r\u001b[Kdeux\u001b[31m!\u001b[0m\u001b]0;title\u0007");

        assertThat(s.lines()).containsExactly("one", "deux!", "three");
        assertThat(s.bells()).as("the BEL ending the OSC string is no bell").isEqualTo(1);
    }
}
