package io.confchat.chat.internal.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confchat.api.chat.InvalidUsernameException;
import org.junit.jupiter.api.Test;

class UsernamesTest {
    @Test
    void normalize_shouldLowerCaseAndStrip() {
        assertThat(Usernames.normalize("  Alice.B_2-x ")).isEqualTo("alice.b_2-x");
    }

    @Test
    void normalize_shouldRefuseLookAlikesOutsideTheAllowedForm() {
        // Cyrillic 'а' looks like Latin 'a'
        assertThatThrownBy(() -> Usernames.normalize("\u0430lice")).isInstanceOf(InvalidUsernameException.class);
        assertThatThrownBy(() -> Usernames.normalize("ali ce")).isInstanceOf(InvalidUsernameException.class);
    }

    @Test
    void normalize_shouldRefuseTooShortAndTooLongNames() {
        assertThatThrownBy(() -> Usernames.normalize("ab")).hasMessageContaining("3 to 32");
        assertThatThrownBy(() -> Usernames.normalize("a".repeat(33))).isInstanceOf(InvalidUsernameException.class);
        assertThat(Usernames.normalize("a".repeat(32))).hasSize(32);
        assertThatThrownBy(() -> Usernames.normalize(null)).isInstanceOf(InvalidUsernameException.class);
    }

    @Test
    void isNormalized_shouldAcceptOnlyTheCanonicalForm() {
        assertThat(Usernames.isNormalized("alice")).isTrue();
        assertThat(Usernames.isNormalized("Alice")).isFalse();
        assertThat(Usernames.isNormalized(null)).isFalse();
    }
}
