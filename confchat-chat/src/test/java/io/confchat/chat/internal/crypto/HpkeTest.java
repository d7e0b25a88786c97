package io.confchat.chat.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

class HpkeTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    /**
     * A base-mode vector of suite 0x0020/0x0001/0x0003 (DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
     * ChaCha20Poly1305), sequence number 0: RFC 9180 Appendix A.2.1, the values quoted identically by
     * several independent public implementations' tests. See vectors/README.md.
     */
    private record Vector(String skEm, String pkEm, String skRm, String pkRm, String ct) {}

    private static final String INFO = "4f6465206f6e2061204772656369616e2055726e"; // "Ode on a Grecian Urn"
    private static final String AAD = "436f756e742d30"; // "Count-0"
    private static final String PT = "4265617574792069732074727574682c20747275746820626561757479";

    private static final Vector RFC9180 = new Vector(
            "f4ec9b33b792c372c1d2c2063507b684ef925b8c75a42dbcbf57d63ccd381600",
            "1afa08d3dec047a643885163f1180476fa7ddb54c6a8029ea33f95796bf2ac4a",
            "8057991eef8f1f1af18f4a9491d16a1ce333f695d4db8e38da75975c4478e0fb",
            "4310ee97d88cc1f088a5576c77ab0cf5c3ac797f3d95139c6c84b5429c59662a",
            "1c5250d8034ec2b784ba2cfd69dbdb8af406cfe3ff938e131f0def8c8b60b4db21993c62ce81883d2dd1b51a28");

    @Test
    void seal_shouldReproduceRfc9180AppendixA21() throws Exception {
        checkVector(RFC9180);
    }

    private static void checkVector(Vector v) throws GeneralSecurityException {
        X25519KeyPair ephemeral = X25519KeyPair.fromPrivateKey(HEX.parseHex(v.skEm()));
        X25519KeyPair recipient = X25519KeyPair.fromPrivateKey(HEX.parseHex(v.skRm()));
        assertThat(ephemeral.publicKey()).isEqualTo(HEX.parseHex(v.pkEm()));
        assertThat(recipient.publicKey()).isEqualTo(HEX.parseHex(v.pkRm()));

        Hpke.Sealed sealed =
                Hpke.seal(recipient.publicKey(), HEX.parseHex(INFO), HEX.parseHex(AAD), HEX.parseHex(PT), ephemeral);

        assertThat(sealed.encapsulatedKey()).isEqualTo(HEX.parseHex(v.pkEm()));
        assertThat(sealed.ciphertext()).isEqualTo(HEX.parseHex(v.ct()));
        assertThat(Hpke.open(
                        recipient, HEX.parseHex(INFO), HEX.parseHex(AAD), HEX.parseHex(v.pkEm()), HEX.parseHex(v.ct())))
                .isEqualTo(HEX.parseHex(PT));
    }

    @Test
    void open_shouldRoundTripWithNullInfoAndAad() throws Exception {
        X25519KeyPair recipient = X25519KeyPair.generate(RANDOM);
        byte[] plaintext = "hello offline".getBytes(StandardCharsets.UTF_8);

        Hpke.Sealed sealed = Hpke.seal(recipient.publicKey(), null, null, plaintext);

        assertThat(sealed.encapsulatedKey()).hasSize(Hpke.ENCAPSULATED_KEY_BYTES);
        assertThat(Hpke.open(recipient, null, null, sealed.encapsulatedKey(), sealed.ciphertext()))
                .isEqualTo(plaintext);
        assertThat(Hpke.open(recipient, new byte[0], new byte[0], sealed.encapsulatedKey(), sealed.ciphertext()))
                .isEqualTo(plaintext);
    }

    @Test
    void seal_shouldUseAFreshEphemeralEachTime() {
        X25519KeyPair recipient = X25519KeyPair.generate(RANDOM);

        Hpke.Sealed a = Hpke.seal(recipient.publicKey(), null, null, new byte[8]);
        Hpke.Sealed b = Hpke.seal(recipient.publicKey(), null, null, new byte[8]);

        assertThat(a.encapsulatedKey()).isNotEqualTo(b.encapsulatedKey());
        assertThat(a.ciphertext()).isNotEqualTo(b.ciphertext());
    }

    @Test
    void open_shouldRefuseWrongKeyAndEveryTamperedPart() throws Exception {
        X25519KeyPair recipient = X25519KeyPair.generate(RANDOM);
        byte[] info = {1, 2};
        byte[] aad = {3, 4, 5};
        Hpke.Sealed sealed = Hpke.seal(recipient.publicKey(), info, aad, new byte[20]);
        byte[] enc = sealed.encapsulatedKey();
        byte[] ct = sealed.ciphertext();

        assertThatThrownBy(() -> Hpke.open(X25519KeyPair.generate(RANDOM), info, aad, enc, ct))
                .isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> Hpke.open(recipient, flip(info, 0), aad, enc, ct))
                .isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> Hpke.open(recipient, info, flip(aad, 2), enc, ct))
                .isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> Hpke.open(recipient, info, aad, flip(enc, 5), ct))
                .isInstanceOf(GeneralSecurityException.class);
        for (int i = 0; i < ct.length; i++) {
            int at = i;
            assertThatThrownBy(() -> Hpke.open(recipient, info, aad, enc, flip(ct, at)))
                    .isInstanceOf(AEADBadTagException.class);
        }
        assertThatThrownBy(() -> Hpke.open(recipient, info, aad, enc, new byte[3]))
                .isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void open_shouldRefuseLowOrderOrMissizedEncapsulatedKey() {
        X25519KeyPair recipient = X25519KeyPair.generate(RANDOM);

        assertThatThrownBy(() -> Hpke.open(recipient, null, null, new byte[32], new byte[32]))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> Hpke.open(recipient, null, null, new byte[31], new byte[32]))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void seal_shouldRefuseLowOrderOrMissizedRecipientKey() {
        assertThatThrownBy(() -> Hpke.seal(new byte[32], null, null, new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hpke.seal(new byte[33], null, null, new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] flip(byte[] bytes, int index) {
        byte[] copy = bytes.clone();
        copy[index] ^= 0x01;
        return copy;
    }
}
