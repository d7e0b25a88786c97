package io.confchat.chat.internal.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.MessageId;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageWindowTest {
    private static final Random RANDOM = new Random(4);

    @Test
    void add_shouldKeepTheNewestMessages_only() {
        MessageWindow window = new MessageWindow(3);
        for (int i = 0; i < 10; i++) {
            window.add(message("m" + i));
        }
        assertThat(window.snapshot()).extracting(ChatMessage::text).containsExactly("m7", "m8", "m9");
    }

    @Test
    void prependSaved_shouldPutOlderMessagesFirst_once_withinTheBound() {
        MessageWindow window = new MessageWindow(4);
        ChatMessage live = message("live");
        window.add(live);
        window.prependSaved(List.of(message("s1"), message("s2"), live, message("s3"), message("s4")));
        assertThat(window.snapshot()).extracting(ChatMessage::text).containsExactly("s2", "s3", "s4", "live");
    }

    @Test
    void messageIds_ofOneLogin_neverRepeat() {
        MessageIdSource ids = new MessageIdSource(new SecureRandom());
        Set<MessageId> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertThat(seen.add(ids.next())).isTrue();
        }
    }

    private static ChatMessage message(String text) {
        return new ChatMessage(MessageId.random(RANDOM), "alice", "bob", Instant.EPOCH, text, false);
    }
}
