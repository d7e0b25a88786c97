package io.confchat.chat.internal.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.MessageId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeenMessagesTest {
    private static final Random RANDOM = new Random(1);
    private final SeenMessages seen = new SeenMessages();
    private final byte[] alice = key(1);
    private final byte[] mallory = key(2);

    @Test
    void add_shouldRecogniseAMessageBySenderAndId() {
        MessageId id = MessageId.random(RANDOM);

        assertThat(seen.add(alice, id)).isTrue();
        assertThat(seen.add(alice, id)).isFalse();
        assertThat(seen.add(mallory, id))
                .as("the same id from someone else is another message")
                .isTrue();
        assertThat(seen.contains(alice, id)).isTrue();
    }

    @Test
    void add_shouldRememberAtLeastOneGeneration_andForgetOlderOnes() {
        List<MessageId> ids = new ArrayList<>();
        for (int i = 0; i < 3 * SeenMessages.GENERATION; i++) {
            MessageId id = MessageId.random(RANDOM);
            ids.add(id);
            seen.add(alice, id);
        }
        for (int i = ids.size() - SeenMessages.GENERATION; i < ids.size(); i++) {
            assertThat(seen.contains(alice, ids.get(i))).isTrue();
        }
        assertThat(seen.contains(alice, ids.get(0))).as("bounded").isFalse();
    }

    private static byte[] key(int b) {
        byte[] k = new byte[32];
        k[31] = (byte) b;
        return k;
    }
}
