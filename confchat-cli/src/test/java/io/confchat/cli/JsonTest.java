package io.confchat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void write_shouldEscapeStringsAndKeepTheOrderOfKeys() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("text", "say \"hi\"\n\\ \u0001");
        o.put("n", 3);
        o.put("ok", true);
        o.put("none", null);
        o.put("list", List.of("a", 1));

        assertThat(Json.write(o))
                .isEqualTo(
                        "{\"text\":\"say \\\"hi\\\"\\n\\\\ \\u0001\",\"n\":3,\"ok\":true,\"none\":null,\"list\":[\"a\",1]}");
    }
}
