package io.confchat.chat.internal.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * ChaCha20-Poly1305 (RFC 8439) through the JDK {@code Cipher}: 32-byte key, 12-byte nonce, 16-byte
 * tag appended to the ciphertext.
 *
 * <p>Two ways in:
 *
 * <ul>
 *   <li>the static {@link #seal}/{@link #open} for one-off messages (key blob, history chunks). They
 *       are thread-safe and take a new {@code Cipher} per call (a few microseconds).
 *   <li>{@link #forKey} gives an instance bound to one key that reuses its {@code Cipher}, with
 *       offset and {@link ByteBuffer} variants, for transports that encrypt many small messages. An
 *       instance is <b>not</b> thread-safe.
 * </ul>
 *
 * <p>A caller must never seal twice with one key and nonce. An instance enforces what the JDK can
 * see: encrypting with the nonce of its previous call throws {@link IllegalStateException}.
 * Decrypting twice with one nonce is allowed.
 */
public final class ChaChaPoly {
    /** Key, nonce and tag lengths. */
    public static final int KEY_BYTES = 32, NONCE_BYTES = 12, TAG_BYTES = 16;

    private static final String ALGORITHM = "ChaCha20-Poly1305";
    private static final byte[] EMPTY = new byte[0];

    private final SecretKeySpec key;
    private Cipher cipher;

    private ChaChaPoly(byte[] key32) {
        checkKey(key32);
        this.key = new SecretKeySpec(key32, "ChaCha20");
        this.cipher = newCipher();
    }

    /**
     * An instance bound to {@code key32} (copied), reusing one {@code Cipher}; not thread-safe.
     *
     * @throws IllegalArgumentException if the key is not 32 bytes
     */
    public static ChaChaPoly forKey(byte[] key32) {
        return new ChaChaPoly(key32);
    }

    /**
     * Encrypts {@code plaintext}; returns ciphertext followed by the 16-byte tag.
     *
     * @param aad authenticated, not encrypted; null means empty
     * @throws IllegalArgumentException if the key is not 32 bytes or the nonce not 12
     */
    public static byte[] seal(byte[] key32, byte[] nonce12, byte[] aad, byte[] plaintext) {
        return new ChaChaPoly(key32).encrypt(nonce12, aad, plaintext);
    }

    /**
     * Decrypts and authenticates {@code ciphertext} (ciphertext followed by the tag).
     *
     * @throws AEADBadTagException if the tag does not match (wrong key, nonce, aad, or altered bytes)
     *     or the input is shorter than a tag
     * @throws IllegalArgumentException if the key is not 32 bytes or the nonce not 12
     */
    public static byte[] open(byte[] key32, byte[] nonce12, byte[] aad, byte[] ciphertext) throws AEADBadTagException {
        return new ChaChaPoly(key32).decrypt(nonce12, aad, ciphertext);
    }

    /** A fresh random 12-byte nonce: safe for up to about 2^32 messages under one key. */
    public static byte[] randomNonce(SecureRandom random) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        return nonce;
    }

    /** Encrypts with this instance's key; see {@link #seal}. */
    public byte[] encrypt(byte[] nonce12, byte[] aad, byte[] plaintext) {
        byte[] out = new byte[plaintext.length + TAG_BYTES];
        encrypt(nonce12, aad, plaintext, 0, plaintext.length, out, 0);
        return out;
    }

    /**
     * Encrypts {@code len} bytes of {@code in} from {@code inOff} into {@code out} at {@code outOff};
     * returns the bytes written ({@code len + 16}). {@code out} must have room for them.
     */
    public int encrypt(byte[] nonce12, byte[] aad, byte[] in, int inOff, int len, byte[] out, int outOff) {
        init(Cipher.ENCRYPT_MODE, nonce12, aad);
        try {
            return cipher.doFinal(in, inOff, len, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
        }
    }

    /**
     * Encrypts the remaining bytes of {@code in} into {@code out} (both positions advance); returns
     * the bytes written. {@code out} must have {@code in.remaining() + 16} bytes free.
     */
    public int encrypt(byte[] nonce12, byte[] aad, ByteBuffer in, ByteBuffer out) {
        init(Cipher.ENCRYPT_MODE, nonce12, aad);
        try {
            return cipher.doFinal(in, out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
        }
    }

    /** Decrypts with this instance's key; see {@link #open}. */
    public byte[] decrypt(byte[] nonce12, byte[] aad, byte[] ciphertext) throws AEADBadTagException {
        checkNonce(nonce12);
        checkCiphertext(ciphertext.length);
        byte[] out = new byte[ciphertext.length - TAG_BYTES];
        decrypt(nonce12, aad, ciphertext, 0, ciphertext.length, out, 0);
        return out;
    }

    /**
     * Decrypts {@code len} bytes of {@code in} (ciphertext and tag) into {@code out} at {@code
     * outOff}; returns the plaintext length ({@code len - 16}). After a failure the content of
     * {@code out} is unspecified.
     *
     * @throws AEADBadTagException if authentication fails or {@code len < 16}
     */
    public int decrypt(byte[] nonce12, byte[] aad, byte[] in, int inOff, int len, byte[] out, int outOff)
            throws AEADBadTagException {
        checkNonce(nonce12);
        checkCiphertext(len);
        init(Cipher.DECRYPT_MODE, nonce12, aad);
        try {
            return cipher.doFinal(in, inOff, len, out, outOff);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
        }
    }

    /**
     * Decrypts the remaining bytes of {@code in} (ciphertext and tag) into {@code out}; returns the
     * plaintext length.
     *
     * @throws AEADBadTagException if authentication fails or fewer than 16 bytes remain
     */
    public int decrypt(byte[] nonce12, byte[] aad, ByteBuffer in, ByteBuffer out) throws AEADBadTagException {
        checkNonce(nonce12);
        checkCiphertext(in.remaining());
        init(Cipher.DECRYPT_MODE, nonce12, aad);
        try {
            return cipher.doFinal(in, out);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
        }
    }

    private void init(int mode, byte[] nonce12, byte[] aad) {
        checkNonce(nonce12);
        IvParameterSpec iv = new IvParameterSpec(nonce12);
        try {
            try {
                cipher.init(mode, key, iv);
            } catch (InvalidKeyException e) {
                // The JDK refuses to initialise with the key and nonce of the previous call.
                if (mode == Cipher.ENCRYPT_MODE) {
                    throw new IllegalStateException("nonce reused with this key", e);
                }
                // It applies that check to decryption as well, where repeating a nonce is harmless
                // (e.g. the real message after a forged one with the same counter): start afresh.
                cipher = newCipher();
                cipher.init(mode, key, iv);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 initialisation failed", e);
        }
        cipher.updateAAD(aad == null ? EMPTY : aad);
    }

    private static void checkNonce(byte[] nonce12) {
        if (nonce12 == null || nonce12.length != NONCE_BYTES) {
            throw new IllegalArgumentException("a ChaCha20-Poly1305 nonce is 12 bytes");
        }
    }

    private static void checkCiphertext(int length) throws AEADBadTagException {
        if (length < TAG_BYTES) {
            throw new AEADBadTagException("ciphertext shorter than the 16-byte tag");
        }
    }

    private static void checkKey(byte[] key32) {
        if (key32 == null || key32.length != KEY_BYTES) {
            throw new IllegalArgumentException("a ChaCha20-Poly1305 key is 32 bytes");
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance(ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + ALGORITHM, e);
        }
    }

    @Override
    public String toString() {
        return "ChaChaPoly[key hidden]";
    }
}
