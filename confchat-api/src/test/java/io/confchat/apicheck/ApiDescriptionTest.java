package io.confchat.apicheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiDescriptionTest {
    private static final List<String> COMMITTED =
            List.of("a.B : public void a.B.keep()", "a.B : public void a.B.gone()");

    @Test
    void compare_shouldCallARemovedSignatureIncompatible_andListAnAddedOne() {
        String report = ApiDescription.compare(
                COMMITTED, List.of("a.B : public void a.B.keep()", "a.B : public void a.B.fresh()"));

        assertThat(report)
                .contains("INCOMPATIBLE (removed or changed): a.B : public void a.B.gone()")
                .contains("added: a.B : public void a.B.fresh()")
                .doesNotContain("keep");
    }

    @Test
    void compare_shouldFindNothing_whenTheApiIsUnchanged() {
        assertThat(ApiDescription.compare(COMMITTED, List.copyOf(COMMITTED))).isEmpty();
    }
}
