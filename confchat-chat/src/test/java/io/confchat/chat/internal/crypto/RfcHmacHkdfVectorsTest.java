package io.confchat.chat.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The two primitives the group sender-key chain composes (HMAC-SHA256 for the chain step, HKDF-SHA256
 * for the message secrets) against their RFCs' own vectors, from test resources.
 */
class RfcHmacHkdfVectorsTest {
    @Test
    void hmacSha256_shouldMatchRfc4231Cases1To7() {
        Map<String, Object> file = TestJson.resource("/vectors/rfc/rfc4231_hmac_sha256.json");
        int checked = 0;
        for (Map<String, Object> t : TestJson.objects(file.get("tests"))) {
            byte[] expected = TestJson.hex(t, "hmac");
            byte[] tag = Hkdf.hmacSha256(TestJson.hex(t, "key"), TestJson.hex(t, "data"));
            // Case 5 publishes only the first 128 bits.
            assertThat(Arrays.copyOf(tag, expected.length))
                    .as((String) t.get("case"))
                    .isEqualTo(expected);
            checked++;
        }
        assertThat(checked).isEqualTo(7);
    }

    @Test
    void hkdfSha256_shouldMatchRfc5869Cases1To3_extractAndExpand() {
        Map<String, Object> file = TestJson.resource("/vectors/rfc/rfc5869_hkdf_sha256.json");
        int checked = 0;
        for (Map<String, Object> t : TestJson.objects(file.get("tests"))) {
            String name = (String) t.get("case");
            byte[] salt = TestJson.hex(t, "salt");
            byte[] ikm = TestJson.hex(t, "ikm");
            byte[] info = TestJson.hex(t, "info");
            int length = TestJson.integer(t, "length");
            byte[] prk = Hkdf.extract(salt, ikm);

            assertThat(prk).as(name + " PRK").isEqualTo(TestJson.hex(t, "prk"));
            assertThat(Hkdf.expand(prk, info, length)).as(name + " OKM").isEqualTo(TestJson.hex(t, "okm"));
            assertThat(Hkdf.sha256(salt, ikm, info, length)).as(name).isEqualTo(TestJson.hex(t, "okm"));
            checked++;
        }
        assertThat(checked).isEqualTo(3);
    }
}
