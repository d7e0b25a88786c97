package io.confchat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {
    @Test
    void read_shouldReadWhatJsonWrites() {
        Map<String, Object> o = new java.util.LinkedHashMap<>();
        o.put("text", "say \"hi\"\n\\ \u0001 ✓ 😀");
        o.put("n", 3L);
        o.put("ok", true);
        o.put("none", null);
        o.put("list", List.of("a", 1L, 2.5));

        assertThat(JsonReader.read(Json.write(o))).isEqualTo(o);
    }

    @Test
    void read_shouldRefuseMalformedInput_sayingWhere() {
        for (String bad : new String[] {
            "",
            "{",
            "{\"a\":}",
            "{\"a\":1,}",
            "[1 2]",
            "{\"a\":1} x",
            "\"\\x\"",
            "\"\\u12\"",
            "tru",
            "{\"a\":1,\"a\":2}",
            "\"a\u0001\"",
            "01x",
            "{a:1}"
        }) {
            assertThatThrownBy(() -> JsonReader.read(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("JSON");
        }
    }

    @Test
    void read_shouldRefuseDeepNestingAndLongInput() {
        assertThatThrownBy(() -> JsonReader.read("[".repeat(100) + "]".repeat(100)))
                .hasMessageContaining("nested deeper");
        assertThatThrownBy(() -> JsonReader.read("\"" + "a".repeat(JsonReader.MAX_CHARS) + "\""))
                .hasMessageContaining("longer than");
    }

    @Test
    void readObject_shouldRefuseAnythingButAnObject() {
        assertThatThrownBy(() -> JsonReader.readObject("[1]")).hasMessageContaining("object");
    }
}
