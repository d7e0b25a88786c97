package io.confchat.chat.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class X25519KeyPairTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Wycheproof x25519_test.json, all 518 cases. Policy: "valid" must give the expected secret;
     * "acceptable" must give the expected secret (RFC 7748 behaviour on twist points, non-canonical
     * encodings, set top bit) unless that secret is all zero, which {@link X25519KeyPair#agree}
     * refuses (RFC 7748 section 6.1); "invalid" must be refused (the file has none).
     */
    @Test
    void agree_shouldMatchWycheproofVectors() throws Exception {
        Map<String, Object> file = TestJson.resource("/vectors/wycheproof/x25519_test.json");
        int valid = 0, acceptableAgreed = 0, zeroRejected = 0, invalidRejected = 0;
        for (Map<String, Object> group : TestJson.objects(file.get("testGroups"))) {
            assertThat(group.get("curve")).isEqualTo("curve25519");
            for (Map<String, Object> t : TestJson.objects(group.get("tests"))) {
                String id = "tcId " + t.get("tcId");
                X25519KeyPair pair = X25519KeyPair.fromPrivateKey(TestJson.hex(t, "private"));
                byte[] peer = TestJson.hex(t, "public");
                byte[] expected = TestJson.hex(t, "shared");
                boolean zero = Arrays.equals(expected, new byte[32]);
                switch ((String) t.get("result")) {
                    case "valid":
                        assertThat(zero).as(id).isFalse();
                        assertThat(pair.agree(peer)).as(id).isEqualTo(expected);
                        valid++;
                        break;
                    case "acceptable":
                        if (zero) {
                            assertThatThrownBy(() -> pair.agree(peer))
                                    .as(id)
                                    .isInstanceOf(InvalidKeyException.class)
                                    .hasMessageContaining("all zero");
                            zeroRejected++;
                        } else {
                            assertThat(pair.agree(peer)).as(id).isEqualTo(expected);
                            acceptableAgreed++;
                        }
                        break;
                    default:
                        assertThatThrownBy(() -> pair.agree(peer)).as(id).isInstanceOf(InvalidKeyException.class);
                        invalidRejected++;
                }
            }
        }
        assertThat(new int[] {valid, acceptableAgreed, zeroRejected, invalidRejected})
                .containsExactly(264, 223, 31, 0);
    }

    @Test
    void agree_shouldGiveBothSidesTheSameSecret() throws Exception {
        X25519KeyPair a = X25519KeyPair.generate(RANDOM);
        X25519KeyPair b = X25519KeyPair.generate(RANDOM);

        assertThat(a.agree(b.publicKey())).isEqualTo(b.agree(a.publicKey())).hasSize(32);
    }

    @Test
    void agree_shouldRejectWrongLengthAndNull() {
        X25519KeyPair a = X25519KeyPair.generate(RANDOM);

        assertThatThrownBy(() -> a.agree(new byte[31])).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> a.agree(new byte[33])).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> a.agree(null)).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void agree_shouldRejectLowOrderPointZero() {
        X25519KeyPair a = X25519KeyPair.generate(RANDOM);

        assertThatThrownBy(() -> a.agree(new byte[32]))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("all zero");
    }

    @Test
    void fromPrivateKey_shouldRoundTripAndCopy() {
        X25519KeyPair a = X25519KeyPair.generate(RANDOM);
        byte[] priv = a.privateKey();
        X25519KeyPair b = X25519KeyPair.fromPrivateKey(priv);
        Arrays.fill(priv, (byte) 0);

        assertThat(b.publicKey()).isEqualTo(a.publicKey());
        assertThat(b.privateKey()).isEqualTo(a.privateKey());
        assertThatThrownBy(() -> X25519KeyPair.fromPrivateKey(new byte[16]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toString_shouldNotShowThePrivateKey() {
        byte[] priv = new byte[32];
        Arrays.fill(priv, (byte) 0x5a);
        X25519KeyPair a = X25519KeyPair.fromPrivateKey(priv);

        assertThat(a.toString()).startsWith("X25519KeyPair[public=").doesNotContain("5a5a5a5a");
    }
}
