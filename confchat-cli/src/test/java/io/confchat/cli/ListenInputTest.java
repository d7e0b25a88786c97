package io.confchat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ListenInputTest {
    @Test
    void parse_shouldReadJson_withAnOptionalRef() {
        assertThat(ListenInput.parse("{\"to\":\"bob\",\"text\":\"see: you\",\"ref\":\"7\"}"))
                .isEqualTo(new ListenInput("bob", "see: you", Optional.of("7")));
        assertThat(ListenInput.parse(" {\"text\":\"q\",\"to\":\"bob\"} "))
                .isEqualTo(new ListenInput("bob", "q", Optional.empty()));
    }

    @Test
    void parse_shouldReadNameColonText_keepingColonsInTheText() {
        assertThat(ListenInput.parse("bob: at 5:30: ok"))
                .isEqualTo(new ListenInput("bob", "at 5:30: ok", Optional.empty()));
        assertThat(ListenInput.parse("bob:q")).isEqualTo(new ListenInput("bob", "q", Optional.empty()));
    }

    @Test
    void parse_shouldReadAGroupAsHashName_inBothForms() {
        assertThat(ListenInput.parse("#friends: hello all"))
                .isEqualTo(new ListenInput("#friends", "hello all", Optional.empty()));
        assertThat(ListenInput.parse("{\"group\":\"friends\",\"text\":\"hi\",\"ref\":\"g\"}"))
                .isEqualTo(new ListenInput("#friends", "hi", Optional.of("g")));
        assertThat(ListenInput.parse("{\"group\":\"#friends\",\"text\":\"hi\"}").to())
                .isEqualTo("#friends");
        assertThatThrownBy(() -> ListenInput.parse("{\"group\":\"friends\"}")).hasMessageContaining("\"group\"");
    }

    @Test
    void parse_shouldRefuseLinesItCannotRead() {
        assertThatThrownBy(() -> ListenInput.parse("hello")).hasMessageContaining("<user>: <message>");
        assertThatThrownBy(() -> ListenInput.parse("{\"to\":\"bob\"}")).hasMessageContaining("\"text\"");
        assertThatThrownBy(() -> ListenInput.parse("{\"to\":")).hasMessageContaining("JSON");
    }
}
