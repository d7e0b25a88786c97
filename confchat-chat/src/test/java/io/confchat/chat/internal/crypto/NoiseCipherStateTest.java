package io.confchat.chat.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NoiseCipherStateTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key = randomBytes(32);
    private final NoiseCipherState sender = new NoiseCipherState(key);
    private final NoiseCipherState receiver = new NoiseCipherState(key);

    @Test
    void encrypt_shouldUseTheCounterAsLittleEndianNonce() {
        sender.setNonce(0x0102030405060708L);
        byte[] nonce = {0, 0, 0, 0, 8, 7, 6, 5, 4, 3, 2, 1};

        assertThat(sender.encrypt(null, new byte[3])).isEqualTo(ChaChaPoly.seal(key, nonce, null, new byte[3]));
        assertThat(sender.nonce()).isEqualTo(0x0102030405060709L);
    }

    @Test
    void encrypt_shouldRefuseTheReservedNonce() throws Exception {
        sender.setNonce(-2L); // 2^64-2: the last usable nonce
        receiver.setNonce(-2L);
        assertThat(receiver.decrypt(null, sender.encrypt(null, new byte[1]))).hasSize(1);

        assertThatThrownBy(() -> sender.encrypt(null, new byte[1]))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exhausted");
        assertThatThrownBy(() -> receiver.decrypt(null, new byte[17]))
                .isInstanceOf(NoiseException.class)
                .hasMessageContaining("exhausted");
    }

    @Test
    void encrypt_shouldRefuseMessagesOver65535Bytes() throws Exception {
        assertThat(sender.encrypt(null, new byte[NoiseCipherState.MAX_PLAINTEXT_BYTES]))
                .hasSize(65535);
        assertThatThrownBy(() -> sender.encrypt(null, new byte[NoiseCipherState.MAX_PLAINTEXT_BYTES + 1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sender.encrypt(null, ByteBuffer.allocate(65520), ByteBuffer.allocate(65536)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> receiver.decrypt(null, new byte[65536])).isInstanceOf(NoiseException.class);
        assertThatThrownBy(() -> receiver.decrypt(null, new byte[15])).isInstanceOf(NoiseException.class);
        assertThat(sender.nonce()).isEqualTo(1);
        assertThat(receiver.nonce()).isZero();
    }

    @Test
    void variants_shouldProduceTheSameStream() throws Exception {
        byte[] aad = {9, 9};
        byte[][] plaintexts = {randomBytes(0), randomBytes(100), randomBytes(1000)};
        NoiseCipherState reference = new NoiseCipherState(key);

        for (byte[] plaintext : plaintexts) {
            byte[] expected = reference.encrypt(aad, plaintext);

            byte[] out = new byte[expected.length + 4];
            int written = sender.encrypt(aad, plaintext, 0, plaintext.length, out, 4);
            assertThat(Arrays.copyOfRange(out, 4, 4 + written)).isEqualTo(expected);

            byte[] opened = new byte[plaintext.length + 2];
            int read = receiver.decrypt(aad, out, 4, written, opened, 2);
            assertThat(Arrays.copyOfRange(opened, 2, 2 + read)).isEqualTo(plaintext);
        }
        for (byte[] plaintext : plaintexts) {
            byte[] expected = reference.encrypt(aad, plaintext);

            ByteBuffer sealed = ByteBuffer.allocateDirect(expected.length);
            assertThat(sender.encrypt(aad, ByteBuffer.wrap(plaintext), sealed)).isEqualTo(expected.length);
            sealed.flip();
            byte[] sealedBytes = new byte[sealed.remaining()];
            sealed.duplicate().get(sealedBytes);
            assertThat(sealedBytes).isEqualTo(expected);

            ByteBuffer opened = ByteBuffer.allocate(plaintext.length);
            assertThat(receiver.decrypt(aad, sealed, opened)).isEqualTo(plaintext.length);
            assertThat(opened.array()).isEqualTo(plaintext);
        }
        assertThat(sender.nonce()).isEqualTo(6);
        assertThat(receiver.nonce()).isEqualTo(6);
    }

    @Test
    void decrypt_shouldRejectWrongAssociatedData() {
        byte[] sealed = sender.encrypt(new byte[] {1}, new byte[5]);

        assertThatThrownBy(() -> receiver.decrypt(new byte[] {2}, sealed)).isInstanceOf(NoiseException.class);
    }

    private static byte[] randomBytes(int n) {
        byte[] out = new byte[n];
        RANDOM.nextBytes(out);
        return out;
    }
}
