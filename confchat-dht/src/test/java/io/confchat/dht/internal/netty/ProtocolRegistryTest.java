package io.confchat.dht.internal.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confchat.dht.internal.stream.StreamProtocolHandler;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolRegistryTest {
    private static final StreamProtocolHandler HANDLER = channel -> {};

    private final ProtocolRegistry registry = new ProtocolRegistry();

    @Test
    void register_shouldMakeTheHandlerFindableById() {
        registry.register("/confchat/chat/1", HANDLER);

        assertThat(registry.handler("/confchat/chat/1")).containsSame(HANDLER);
        assertThat(registry.handler("/confchat/chat/2")).isEmpty();
    }

    @Test
    void register_shouldAcceptTwoToFourSegmentsUpTo64Bytes() {
        String longest = "/a/" + "b".repeat(61);
        for (String id : List.of("/a/1", "/a/b/c/d", "/my-app/v1.2_x", longest)) {
            registry.register(id, HANDLER);
        }

        assertThat(longest).hasSize(64);
        assertThat(registry.handler(longest)).isPresent();
    }

    @Test
    void register_shouldRefuseTheDhtsOwnId() {
        assertThatThrownBy(() -> registry.register(ProtocolRegistry.DHT_PROTOCOL, HANDLER))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void register_shouldRefuseADuplicateId() {
        registry.register("/confchat/chat/1", HANDLER);

        assertThatThrownBy(() -> registry.register("/confchat/chat/1", channel -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already registered");
        assertThat(registry.handler("/confchat/chat/1")).containsSame(HANDLER);
    }

    @Test
    void register_shouldRefuseMalformedIds() {
        String tooLong = "/a/" + "b".repeat(62);
        for (String id : Arrays.asList(
                null,
                "",
                "chat",
                "/chat",
                "confchat/chat/1",
                "/Chat/1",
                "/chat/1/",
                "/a/b/c/d/e",
                "/chat //1",
                tooLong)) {
            assertThatThrownBy(() -> registry.register(id, HANDLER))
                    .as("id %s", id)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
