package io.confchat.chat.internal.account;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confchat.api.chat.WeakPasswordException;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {
    private final PasswordPolicy strict = new PasswordPolicy(false);
    private final PasswordPolicy demo = new PasswordPolicy(true);

    @Test
    void check_shouldRefuseShortPasswords_unlessDemoPasswordsAreAllowed() {
        assertThatThrownBy(() -> strict.check("123"))
                .isInstanceOf(WeakPasswordException.class)
                .hasMessageContaining("at least 8");
        assertThatCode(() -> demo.check("123")).doesNotThrowAnyException();
    }

    @Test
    void check_shouldCountCharactersNotBytes_forTheMinimum() {
        assertThatCode(() -> strict.check("ééééééééé".substring(0, 8))).doesNotThrowAnyException();
    }

    @Test
    void check_shouldRefuseMoreThan72Bytes_evenInDemoMode() {
        assertThatCode(() -> strict.check("x".repeat(72))).doesNotThrowAnyException();
        assertThatThrownBy(() -> demo.check("é".repeat(37))).hasMessageContaining("72 bytes");
    }

    @Test
    void check_shouldRefuseAnEmptyPassword() {
        assertThatThrownBy(() -> demo.check("")).isInstanceOf(WeakPasswordException.class);
        assertThatThrownBy(() -> demo.check(null)).isInstanceOf(WeakPasswordException.class);
    }
}
