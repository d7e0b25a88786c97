package io.confchat.chat.internal.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.MessageId;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UnsavedHistoryTest {
    private static final Random RANDOM = new Random(2);

    @Test
    void saved_shouldForgetExactlyTheBatch_evenWithMessagesAddedMeanwhile() {
        UnsavedHistory unsaved = new UnsavedHistory(1_000_000);
        unsaved.add(message("a"));
        unsaved.add(message("b"));
        UnsavedHistory.Batch batch = unsaved.oldest(10);
        unsaved.add(message("c"));

        unsaved.saved(batch);

        assertThat(unsaved.snapshot()).extracting(ChatMessage::text).containsExactly("c");
        assertThat(unsaved.savedThrough(batch.mark())).isTrue();
        assertThat(unsaved.savedThrough(unsaved.lastMark())).isFalse();
    }

    @Test
    void add_shouldDropTheOldestPastItsBound_keepingTheNewest() {
        UnsavedHistory unsaved = new UnsavedHistory(2_000);
        for (int i = 0; i < 100; i++) {
            unsaved.add(message("text " + i));
        }

        assertThat(unsaved.bytes()).isLessThanOrEqualTo(2_000);
        assertThat(unsaved.dropped()).isPositive();
        assertThat(unsaved.snapshot().get(unsaved.snapshot().size() - 1).text()).isEqualTo("text 99");
    }

    private static ChatMessage message(String text) {
        return new ChatMessage(MessageId.random(RANDOM), "alice", "bob", Instant.EPOCH, text, false);
    }
}
