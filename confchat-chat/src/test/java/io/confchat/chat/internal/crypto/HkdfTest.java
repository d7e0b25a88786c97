package io.confchat.chat.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HkdfTest {
    /**
     * Wycheproof hkdf_sha256_test.json, all 86 cases: 83 valid (23 of them with an empty salt)
     * reproduce the output; 3 invalid ask for 8161 bytes and are refused.
     */
    @Test
    void sha256_shouldMatchWycheproofVectors() {
        Map<String, Object> file = TestJson.resource("/vectors/wycheproof/hkdf_sha256_test.json");
        int derived = 0, refused = 0;
        for (Map<String, Object> group : TestJson.objects(file.get("testGroups"))) {
            for (Map<String, Object> t : TestJson.objects(group.get("tests"))) {
                String id = "tcId " + t.get("tcId");
                byte[] ikm = TestJson.hex(t, "ikm");
                byte[] salt = TestJson.hex(t, "salt");
                byte[] info = TestJson.hex(t, "info");
                int size = TestJson.integer(t, "size");
                if ("valid".equals(t.get("result"))) {
                    assertThat(Hkdf.sha256(salt, ikm, info, size)).as(id).isEqualTo(TestJson.hex(t, "okm"));
                    derived++;
                } else {
                    assertThatThrownBy(() -> Hkdf.sha256(salt, ikm, info, size))
                            .as(id)
                            .isInstanceOf(IllegalArgumentException.class);
                    refused++;
                }
            }
        }
        assertThat(new int[] {derived, refused}).containsExactly(83, 3);
    }

    @Test
    void hmacSha256_shouldMatchRfc4231Case2() {
        byte[] tag = Hkdf.hmacSha256(
                "Jefe".getBytes(StandardCharsets.US_ASCII),
                "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII));

        assertThat(HexFormat.of().formatHex(tag))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void hmacSha256_shouldTreatEmptyAndNullKeyAsZeroKey() {
        byte[] data = {1, 2, 3};

        assertThat(Hkdf.hmacSha256(new byte[0], data))
                .isEqualTo(Hkdf.hmacSha256(null, data))
                .isEqualTo(Hkdf.hmacSha256(new byte[32], data));
    }

    @Test
    void expand_shouldRejectShortPseudorandomKeyAndNegativeLength() {
        assertThatThrownBy(() -> Hkdf.expand(new byte[31], null, 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hkdf.sha256(null, new byte[1], null, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
