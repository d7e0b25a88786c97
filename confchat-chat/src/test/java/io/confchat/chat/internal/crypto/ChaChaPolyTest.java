package io.confchat.chat.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

class ChaChaPolyTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Wycheproof chacha20_poly1305_test.json, all 325 cases. Every key in the file is 32 bytes, so
     * nothing is skipped for the key; the JDK cipher (and this API) takes 12-byte nonces only, and
     * the 9 cases with other nonce sizes are all "invalid": they are counted as refused by the
     * nonce-length check (IllegalArgumentException), not as skipped.
     */
    @Test
    void sealAndOpen_shouldMatchWycheproofVectors() throws Exception {
        Map<String, Object> file = TestJson.resource("/vectors/wycheproof/chacha20_poly1305_test.json");
        int sealedAndOpened = 0, tagRejected = 0, nonceSizeRejected = 0;
        Map<String, Integer> skipped = new TreeMap<>();
        for (Map<String, Object> group : TestJson.objects(file.get("testGroups"))) {
            for (Map<String, Object> t : TestJson.objects(group.get("tests"))) {
                String id = "tcId " + t.get("tcId");
                byte[] key = TestJson.hex(t, "key");
                byte[] iv = TestJson.hex(t, "iv");
                byte[] aad = TestJson.hex(t, "aad");
                byte[] msg = TestJson.hex(t, "msg");
                byte[] ctAndTag = concat(TestJson.hex(t, "ct"), TestJson.hex(t, "tag"));
                if (key.length != ChaChaPoly.KEY_BYTES) {
                    skipped.merge("key of " + key.length + " bytes", 1, Integer::sum);
                    continue;
                }
                if (iv.length != ChaChaPoly.NONCE_BYTES) {
                    assertThat(t.get("result")).as(id).isEqualTo("invalid");
                    assertThatThrownBy(() -> ChaChaPoly.open(key, iv, aad, ctAndTag))
                            .as(id)
                            .isInstanceOf(IllegalArgumentException.class);
                    assertThatThrownBy(() -> ChaChaPoly.seal(key, iv, aad, msg))
                            .as(id)
                            .isInstanceOf(IllegalArgumentException.class);
                    nonceSizeRejected++;
                    continue;
                }
                if ("valid".equals(t.get("result"))) {
                    assertThat(ChaChaPoly.seal(key, iv, aad, msg)).as(id).isEqualTo(ctAndTag);
                    assertThat(ChaChaPoly.open(key, iv, aad, ctAndTag)).as(id).isEqualTo(msg);
                    sealedAndOpened++;
                } else {
                    assertThatThrownBy(() -> ChaChaPoly.open(key, iv, aad, ctAndTag))
                            .as(id)
                            .isInstanceOf(AEADBadTagException.class);
                    tagRejected++;
                }
            }
        }
        assertThat(skipped).isEmpty();
        assertThat(new int[] {sealedAndOpened, tagRejected, nonceSizeRejected}).containsExactly(256, 60, 9);
    }

    @Test
    void open_shouldRejectFlippedBitAnywhere() throws Exception {
        byte[] key = randomBytes(32);
        byte[] nonce = ChaChaPoly.randomNonce(RANDOM);
        byte[] aad = randomBytes(7);
        byte[] sealed = ChaChaPoly.seal(key, nonce, aad, randomBytes(40));

        for (int bit = 0; bit < sealed.length * 8; bit++) {
            byte[] tampered = sealed.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThatThrownBy(() -> ChaChaPoly.open(key, nonce, aad, tampered))
                    .isInstanceOf(AEADBadTagException.class);
        }
        byte[] otherAad = aad.clone();
        otherAad[0] ^= 1;
        assertThatThrownBy(() -> ChaChaPoly.open(key, nonce, otherAad, sealed)).isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void open_shouldRejectInputShorterThanTag() {
        assertThatThrownBy(() -> ChaChaPoly.open(new byte[32], new byte[12], null, new byte[15]))
                .isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void seal_shouldRejectWrongKeyLength() {
        assertThatThrownBy(() -> ChaChaPoly.seal(new byte[16], new byte[12], null, new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void forKey_shouldAgreeWithStaticCallsInEveryVariant() throws Exception {
        byte[] key = randomBytes(32);
        ChaChaPoly arrays = ChaChaPoly.forKey(key);
        ChaChaPoly buffers = ChaChaPoly.forKey(key);
        byte[] plaintext = randomBytes(100);
        byte[] aad = randomBytes(5);

        for (int i = 0; i < 3; i++) {
            byte[] nonce = ChaChaPoly.randomNonce(RANDOM);
            byte[] expected = ChaChaPoly.seal(key, nonce, aad, plaintext);

            byte[] out = new byte[3 + expected.length];
            assertThat(arrays.encrypt(nonce, aad, plaintext, 0, plaintext.length, out, 3))
                    .isEqualTo(expected.length);
            assertThat(Arrays.copyOfRange(out, 3, out.length)).isEqualTo(expected);
            ByteBuffer sealed = ByteBuffer.allocate(expected.length);
            assertThat(buffers.encrypt(nonce, aad, ByteBuffer.wrap(plaintext), sealed))
                    .isEqualTo(expected.length);
            assertThat(sealed.array()).isEqualTo(expected);

            byte[] opened = new byte[plaintext.length];
            assertThat(arrays.decrypt(nonce, aad, out, 3, expected.length, opened, 0))
                    .isEqualTo(plaintext.length);
            assertThat(opened).isEqualTo(plaintext);
            ByteBuffer openedDirect = ByteBuffer.allocateDirect(plaintext.length);
            assertThat(buffers.decrypt(nonce, aad, ByteBuffer.wrap(expected), openedDirect))
                    .isEqualTo(plaintext.length);
            byte[] fromDirect = new byte[plaintext.length];
            openedDirect.flip().get(fromDirect);
            assertThat(fromDirect).isEqualTo(plaintext);
        }
    }

    @Test
    void encrypt_shouldRefuseTheSameNonceTwiceInARow() {
        ChaChaPoly aead = ChaChaPoly.forKey(randomBytes(32));
        byte[] nonce = ChaChaPoly.randomNonce(RANDOM);
        aead.encrypt(nonce, null, new byte[1]);

        assertThatThrownBy(() -> aead.encrypt(nonce, null, new byte[1]))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nonce reused");
    }

    @Test
    void decrypt_shouldAcceptTheSameNonceAgainAfterAFailure() throws Exception {
        byte[] key = randomBytes(32);
        byte[] nonce = ChaChaPoly.randomNonce(RANDOM);
        byte[] sealed = ChaChaPoly.seal(key, nonce, null, new byte[10]);
        ChaChaPoly aead = ChaChaPoly.forKey(key);

        assertThatThrownBy(() -> aead.decrypt(nonce, null, new byte[26])).isInstanceOf(AEADBadTagException.class);
        assertThat(aead.decrypt(nonce, null, sealed)).isEqualTo(new byte[10]);
        assertThat(aead.decrypt(nonce, null, sealed)).isEqualTo(new byte[10]);
    }

    @Test
    void toString_shouldHideTheKey() {
        assertThat(ChaChaPoly.forKey(new byte[32]).toString()).isEqualTo("ChaChaPoly[key hidden]");
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static byte[] randomBytes(int n) {
        byte[] out = new byte[n];
        RANDOM.nextBytes(out);
        return out;
    }
}
