package io.confchat.chat.internal.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The SymmetricState of Noise rev 34, section 5.2, for SHA-256 and ChaChaPoly: the chaining key
 * {@code ck}, the handshake hash {@code h}, and a cipher state that has no key until the first
 * MixKey. Package-private; one per handshake, not thread-safe.
 */
final class NoiseSymmetricState {
    static final int HASH_BYTES = 32;

    private final MessageDigest sha256;
    private byte[] ck;
    private byte[] h;
    private NoiseCipherState cipher; // null: "k is empty"

    /** InitializeSymmetric(protocolName). */
    NoiseSymmetricState(String protocolName) {
        this.sha256 = newSha256();
        byte[] name = protocolName.getBytes(StandardCharsets.US_ASCII);
        // a name of at most HASHLEN bytes is used as is, zero-padded; a longer one is hashed
        this.h = name.length <= HASH_BYTES ? Arrays.copyOf(name, HASH_BYTES) : sha256.digest(name);
        this.ck = h.clone();
    }

    boolean hasKey() {
        return cipher != null;
    }

    /** MixKey: {@code ck, k = HKDF(ck, ikm, 2)}; resets the nonce. */
    void mixKey(byte[] inputKeyMaterial) {
        byte[][] out = hkdf2(inputKeyMaterial);
        ck = out[0];
        cipher = new NoiseCipherState(out[1]);
    }

    /** MixHash: {@code h = HASH(h || data)}. */
    void mixHash(byte[] data) {
        sha256.update(h);
        sha256.update(data);
        h = sha256.digest();
    }

    /** EncryptAndHash: encrypts under h as associated data once there is a key, then hashes the result. */
    byte[] encryptAndHash(byte[] plaintext) {
        byte[] ciphertext = cipher == null ? plaintext.clone() : cipher.encrypt(h, plaintext);
        mixHash(ciphertext);
        return ciphertext;
    }

    /** DecryptAndHash: the inverse of {@link #encryptAndHash}. */
    byte[] decryptAndHash(byte[] ciphertext) throws NoiseException {
        byte[] plaintext = cipher == null ? ciphertext.clone() : cipher.decrypt(h, ciphertext);
        mixHash(ciphertext);
        return plaintext;
    }

    /** Split: the initiator-to-responder and responder-to-initiator cipher states. */
    NoiseCipherState[] split() {
        byte[][] out = hkdf2(new byte[0]);
        Arrays.fill(ck, (byte) 0);
        return new NoiseCipherState[] {new NoiseCipherState(out[0]), new NoiseCipherState(out[1])};
    }

    /** The handshake hash h (a copy). */
    byte[] handshakeHash() {
        return h.clone();
    }

    /** Tag length added by EncryptAndHash once a key is set. */
    int overhead() {
        return cipher == null ? 0 : NoiseCipherState.TAG_BYTES;
    }

    // Noise's HKDF(ck, ikm, 2) is RFC 5869 HKDF with salt ck, empty info and 64 bytes of output
    private byte[][] hkdf2(byte[] inputKeyMaterial) {
        byte[] okm = Hkdf.sha256(ck, inputKeyMaterial, null, 2 * HASH_BYTES);
        byte[][] out = {Arrays.copyOfRange(okm, 0, HASH_BYTES), Arrays.copyOfRange(okm, HASH_BYTES, 2 * HASH_BYTES)};
        Arrays.fill(okm, (byte) 0);
        return out;
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
