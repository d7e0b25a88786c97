package io.confchat.chat.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestJsonTest {
    @Test
    void parse_shouldReadNestedValues() {
        Map<String, Object> value = TestJson.object(TestJson.parse(
                " {\"a\": [1, -2.5e1, \"x\\\"\\u0041\"], \"b\": {}, \"c\": [], \"d\": true, \"e\": null} "));

        assertThat(value).containsOnlyKeys("a", "b", "c", "d", "e");
        assertThat(value.get("a")).isEqualTo(List.of(new BigDecimal("1"), new BigDecimal("-2.5e1"), "x\"A"));
        assertThat(value.get("b")).isEqualTo(Map.of());
        assertThat(value.get("c")).isEqualTo(List.of());
        assertThat(value.get("d")).isEqualTo(true);
        assertThat(value.get("e")).isNull();
    }

    @Test
    void parse_shouldRejectMalformedInput() {
        assertThatThrownBy(() -> TestJson.parse("{} x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TestJson.parse("[1,")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TestJson.parse("{\"a\" 1}")).isInstanceOf(IllegalArgumentException.class);
    }
}
