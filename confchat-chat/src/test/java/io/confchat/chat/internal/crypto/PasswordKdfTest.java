package io.confchat.chat.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.mindrot.jbcrypt.BCrypt;

class PasswordKdfTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SALT = "$2a$04$abcdefghijklmnopqrstuO"; // cost 4: tests stay fast

    @Test
    void deriveKey_shouldOpenTheSameKey_forAPasswordTypedComposedOrDecomposed() {
        String composed = "caf\u00e9 cr\u00e8me br\u00fbl\u00e9e"; // NFC: é as one code point
        String decomposed = "cafe\u0301 cre\u0300me bru\u0302le\u0301e"; // NFD: e + combining accent
        assertThat(composed).isNotEqualTo(decomposed);

        assertThat(PasswordKdf.deriveKey(decomposed, SALT)).isEqualTo(PasswordKdf.deriveKey(composed, SALT));
    }

    @Test
    void deriveKey_shouldBeDeterministicFor32Bytes() {
        byte[] first = PasswordKdf.deriveKey("correct horse", SALT);

        assertThat(first).hasSize(32).isEqualTo(PasswordKdf.deriveKey("correct horse", SALT));
    }

    @Test
    void deriveKey_shouldBeHkdfOfTheWholeBcryptString() {
        byte[] bcrypt = BCrypt.hashpw("correct horse", SALT).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = Hkdf.sha256(null, bcrypt, "confchat/key-blob/v1".getBytes(StandardCharsets.US_ASCII), 32);

        assertThat(PasswordKdf.deriveKey("correct horse", SALT)).isEqualTo(expected);
    }

    @Test
    void deriveKey_shouldDifferForOtherPasswordOrSalt() {
        byte[] key = PasswordKdf.deriveKey("correct horse", SALT);

        assertThat(PasswordKdf.deriveKey("correct horsf", SALT)).isNotEqualTo(key);
        assertThat(PasswordKdf.deriveKey("correct horse", PasswordKdf.newSalt(4, RANDOM)))
                .isNotEqualTo(key);
    }

    @Test
    void newSalt_shouldProduceASaltThatParses() {
        String salt = PasswordKdf.newSalt(4, RANDOM);

        assertThat(salt).startsWith("$2a$04$").hasSize(29);
        assertThat(PasswordKdf.checkSalt(salt)).isEqualTo(4);
        assertThat(PasswordKdf.newSalt(12, RANDOM)).startsWith("$2a$12$");
    }

    @Test
    void newSalt_shouldRefuseCostOutOfRange() {
        assertThatThrownBy(() -> PasswordKdf.newSalt(3, RANDOM)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PasswordKdf.newSalt(17, RANDOM)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deriveKey_shouldRefuseCostAboveSixteen() {
        assertThatThrownBy(() -> PasswordKdf.deriveKey("pw", "$2a$31$abcdefghijklmnopqrstuO"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cost must be 4..16, not 31");
        assertThatThrownBy(() -> PasswordKdf.deriveKey("pw", "$2a$17$abcdefghijklmnopqrstuO"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PasswordKdf.deriveKey("pw", "$2a$03$abcdefghijklmnopqrstuO"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deriveKey_shouldRefuseMalformedSalts() {
        String[] bad = {
            null,
            "",
            "$2a$04$abcdefghijklmnopqrstu", // 21 characters
            "$2a$04$abcdefghijklmnopqrstuOO", // 23 characters
            "$2a$04$abcdefghijklmnop+rstuO", // '+' is not in bcrypt's alphabet
            "$2a$04$abcdefghijklmnop=rstuO",
            "$2b$04$abcdefghijklmnopqrstuO", // other bcrypt variants are refused
            "$2y$04$abcdefghijklmnopqrstuO",
            "$2a$4$abcdefghijklmnopqrstuOx", // one-digit cost
            "$2a$04$abcdefghijklmnopqrstuP", // non-canonical last character
            "$2a$04$abcdefghijklmnopqrstuO\n",
            "$2a$04$abcdefghijklmnopqrstuO$hash" // a full hash is not a salt
        };
        for (String salt : bad) {
            assertThatThrownBy(() -> PasswordKdf.deriveKey("pw", salt))
                    .as(String.valueOf(salt))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void deriveKey_shouldRefusePasswordsOver72Utf8Bytes() {
        String max = "a".repeat(72);
        String accented = "é".repeat(37); // 74 bytes in UTF-8, 37 characters

        assertThat(PasswordKdf.deriveKey(max, SALT)).hasSize(32);
        assertThatThrownBy(() -> PasswordKdf.deriveKey(max + "b", SALT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("72 bytes");
        assertThatThrownBy(() -> PasswordKdf.deriveKey(accented, SALT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deriveKey_shouldRefuseUnpairedSurrogateAndNull() {
        assertThatThrownBy(() -> PasswordKdf.deriveKey("pw\uD800", SALT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unicode");
        assertThatThrownBy(() -> PasswordKdf.deriveKey(null, SALT)).isInstanceOf(IllegalArgumentException.class);
    }
}
