package io.confchat.chat.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.MessageId;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AckTrackerTest {
    private static final Random RANDOM = new Random(3);
    private final AckTracker tracker = new AckTracker();

    @Test
    void acknowledge_shouldReturnTheTextsItNames_andIgnoreUnknownIds() {
        Outgoing a = text();
        Outgoing b = text();
        tracker.track(a);
        tracker.track(b);

        assertThat(tracker.acknowledge(List.of(b.message().id(), MessageId.random(RANDOM))))
                .containsExactly(b);
        assertThat(tracker.acknowledge(List.of(b.message().id()))).isEmpty();
        assertThat(tracker.size()).isEqualTo(1);
    }

    @Test
    void close_shouldHandBackTheRestOnce_oldestFirst_andRefuseNewTexts() {
        Outgoing a = text();
        Outgoing b = text();
        tracker.track(a);
        tracker.track(b);

        assertThat(tracker.close()).containsExactly(a, b);
        assertThat(tracker.close()).isEmpty();
        assertThat(tracker.track(text())).isFalse();
        assertThat(tracker.acknowledge(List.of(a.message().id()))).isEmpty();
    }

    @Test
    void stalled_shouldBeTrue_onlyWhenTheSameTextIsOldestAtTwoChecks() {
        assertThat(tracker.stalled()).as("nothing waiting").isFalse();
        Outgoing a = text();
        tracker.track(a);
        assertThat(tracker.stalled()).as("first sight").isFalse();
        Outgoing b = text();
        tracker.track(b);
        tracker.acknowledge(List.of(a.message().id()));
        assertThat(tracker.stalled()).as("the oldest moved on").isFalse();
        assertThat(tracker.stalled()).as("b waited a whole period").isTrue();
    }

    private static Outgoing text() {
        return Outgoing.of(new ChatMessage(MessageId.random(RANDOM), "a", "b", Instant.EPOCH, "x", false));
    }
}
