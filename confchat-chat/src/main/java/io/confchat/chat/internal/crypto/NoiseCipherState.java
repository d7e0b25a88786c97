package io.confchat.chat.internal.crypto;

import java.nio.ByteBuffer;
import javax.crypto.AEADBadTagException;

/**
 * A Noise CipherState (Noise rev 34, section 5.1) with a key: ChaCha20-Poly1305 under a 64-bit
 * counter nonce, encoded as 4 zero bytes and the counter in little-endian (section 12.3).
 *
 * <p>Every message is at most {@value #MAX_MESSAGE_BYTES} bytes including the 16-byte tag (section
 * 3). The nonce {@code 2^64-1} is reserved (section 5.1): a state that reaches it refuses to go on.
 * If a message fails to decrypt, the nonce is not advanced (as the spec says), but over an ordered
 * transport such as TCP the connection must be dropped.
 *
 * <p>Not thread-safe: one state per direction, used by one thread at a time. The sending and the
 * receiving state of a {@link NoiseTransport} are independent of each other.
 */
public final class NoiseCipherState {
    /** The largest Noise message, ciphertext and tag included. */
    public static final int MAX_MESSAGE_BYTES = 65535;
    /** Length of the authentication tag. */
    public static final int TAG_BYTES = ChaChaPoly.TAG_BYTES;
    /** The largest plaintext one message can carry. */
    public static final int MAX_PLAINTEXT_BYTES = MAX_MESSAGE_BYTES - TAG_BYTES;

    private static final long RESERVED_NONCE = -1L; // 2^64-1 as an unsigned long

    private final ChaChaPoly aead;
    private final byte[] nonceBytes = new byte[ChaChaPoly.NONCE_BYTES];
    private long n;

    /** A state with key {@code k} (32 bytes) and nonce 0 (InitializeKey). */
    NoiseCipherState(byte[] k) {
        this.aead = ChaChaPoly.forKey(k);
    }

    /** The next nonce this state will use, as an unsigned 64-bit counter. */
    public long nonce() {
        return n;
    }

    /** Test hook: SetNonce of section 5.1. */
    void setNonce(long nonce) {
        this.n = nonce;
    }

    /**
     * Encrypts one message (EncryptWithAd); returns ciphertext and tag.
     *
     * @param aad associated data; null means empty (the Noise transport uses empty)
     * @throws IllegalArgumentException if {@code plaintext} is longer than {@value
     *     #MAX_PLAINTEXT_BYTES} bytes
     * @throws IllegalStateException if the nonce is exhausted (after 2^64-1 messages)
     */
    public byte[] encrypt(byte[] aad, byte[] plaintext) {
        byte[] out = new byte[plaintext.length + TAG_BYTES];
        encrypt(aad, plaintext, 0, plaintext.length, out, 0);
        return out;
    }

    /**
     * Encrypts {@code len} bytes of {@code in} into {@code out} at {@code outOff}; returns the bytes
     * written ({@code len + 16}).
     *
     * @throws IllegalArgumentException if {@code len} exceeds {@value #MAX_PLAINTEXT_BYTES}
     * @throws IllegalStateException if the nonce is exhausted
     */
    public int encrypt(byte[] aad, byte[] in, int inOff, int len, byte[] out, int outOff) {
        checkPlaintext(len);
        int written = aead.encrypt(nextNonceForEncryption(), aad, in, inOff, len, out, outOff);
        n++;
        return written;
    }

    /**
     * Encrypts the remaining bytes of {@code in} into {@code out} (positions advance); returns the
     * bytes written.
     *
     * @throws IllegalArgumentException if more than {@value #MAX_PLAINTEXT_BYTES} bytes remain
     * @throws IllegalStateException if the nonce is exhausted
     */
    public int encrypt(byte[] aad, ByteBuffer in, ByteBuffer out) {
        checkPlaintext(in.remaining());
        int written = aead.encrypt(nextNonceForEncryption(), aad, in, out);
        n++;
        return written;
    }

    /**
     * Decrypts one message (DecryptWithAd); returns the plaintext.
     *
     * @throws NoiseException if the message does not authenticate, is shorter than a tag or longer
     *     than {@value #MAX_MESSAGE_BYTES} bytes, or the nonce is exhausted
     */
    public byte[] decrypt(byte[] aad, byte[] ciphertext) throws NoiseException {
        checkCiphertext(ciphertext.length);
        byte[] out = new byte[ciphertext.length - TAG_BYTES];
        decrypt(aad, ciphertext, 0, ciphertext.length, out, 0);
        return out;
    }

    /**
     * Decrypts {@code len} bytes of {@code in} (ciphertext and tag) into {@code out} at {@code
     * outOff}; returns the plaintext length ({@code len - 16}).
     *
     * @throws NoiseException as {@link #decrypt(byte[], byte[])}
     */
    public int decrypt(byte[] aad, byte[] in, int inOff, int len, byte[] out, int outOff) throws NoiseException {
        checkCiphertext(len);
        try {
            int written = aead.decrypt(nextNonceForDecryption(), aad, in, inOff, len, out, outOff);
            n++;
            return written;
        } catch (AEADBadTagException e) {
            throw new NoiseException("Noise message does not authenticate", e);
        }
    }

    /**
     * Decrypts the remaining bytes of {@code in} into {@code out}; returns the plaintext length.
     *
     * @throws NoiseException as {@link #decrypt(byte[], byte[])}
     */
    public int decrypt(byte[] aad, ByteBuffer in, ByteBuffer out) throws NoiseException {
        checkCiphertext(in.remaining());
        try {
            int written = aead.decrypt(nextNonceForDecryption(), aad, in, out);
            n++;
            return written;
        } catch (AEADBadTagException e) {
            throw new NoiseException("Noise message does not authenticate", e);
        }
    }

    private byte[] nextNonceForEncryption() {
        if (n == RESERVED_NONCE) {
            throw new IllegalStateException("Noise nonce exhausted: open a new session");
        }
        return nonceBytes();
    }

    private byte[] nextNonceForDecryption() throws NoiseException {
        if (n == RESERVED_NONCE) {
            throw new NoiseException("Noise nonce exhausted");
        }
        return nonceBytes();
    }

    private byte[] nonceBytes() {
        // 32 bits of zeros, then n little-endian (ChaChaPoly, section 12.3); bytes 0..3 stay zero
        for (int i = 0; i < 8; i++) {
            nonceBytes[4 + i] = (byte) (n >>> (8 * i));
        }
        return nonceBytes;
    }

    private static void checkPlaintext(int len) {
        if (len > MAX_PLAINTEXT_BYTES) {
            throw new IllegalArgumentException(
                    "a Noise message carries at most " + MAX_PLAINTEXT_BYTES + " bytes, not " + len);
        }
    }

    private static void checkCiphertext(int len) throws NoiseException {
        if (len > MAX_MESSAGE_BYTES) {
            throw new NoiseException("Noise message longer than " + MAX_MESSAGE_BYTES + " bytes");
        }
        if (len < TAG_BYTES) {
            throw new NoiseException("Noise message shorter than its tag");
        }
    }

    @Override
    public String toString() {
        return "NoiseCipherState[nonce=" + Long.toUnsignedString(n) + "]";
    }
}
