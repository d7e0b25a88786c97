package io.confchat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlashCommandTest {
    @Test
    void parse_shouldSplitTheCommandFromItsArgument() {
        assertThat(SlashCommand.parse("/chat  bob ")).contains(new SlashCommand.Typed(SlashCommand.CHAT, "bob"));
        assertThat(SlashCommand.parse("/HISTORY 50")).contains(new SlashCommand.Typed(SlashCommand.HISTORY, "50"));
        assertThat(SlashCommand.parse("/me waves at you"))
                .contains(new SlashCommand.Typed(SlashCommand.ME, "waves at you"));
        assertThat(SlashCommand.parse("/leave")).contains(new SlashCommand.Typed(SlashCommand.LEAVE, ""));
    }

    @Test
    void parse_shouldKnowNoOtherCommand() {
        assertThat(SlashCommand.parse("/chatter")).isEmpty();
        assertThat(SlashCommand.parse("/")).isEmpty();
    }
}
