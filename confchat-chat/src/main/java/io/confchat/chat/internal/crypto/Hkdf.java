package io.confchat.chat.internal.crypto;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF-SHA256 (RFC 5869) and HMAC-SHA256 on the JDK's {@code Mac}. Stateless and thread-safe.
 *
 * <p>A null or empty salt means "not provided", which RFC 5869 section 2.2 defines as 32 zero bytes;
 * null info means empty.
 */
public final class Hkdf {
    /** Length of a SHA-256 output, an HMAC tag and a pseudorandom key. */
    public static final int HASH_BYTES = 32;
    /** The largest output RFC 5869 allows: 255 blocks. */
    public static final int MAX_OUTPUT_BYTES = 255 * HASH_BYTES;

    private static final String HMAC = "HmacSHA256";
    // HMAC pads a short key with zeros, so an empty key equals an all-zero one (RFC 2104 section 2);
    // the JDK refuses empty keys, hence this stand-in.
    private static final byte[] ZERO_KEY = new byte[HASH_BYTES];

    private Hkdf() {}

    /**
     * HKDF-Extract then HKDF-Expand.
     *
     * @throws IllegalArgumentException if {@code length} is outside [0, {@value #MAX_OUTPUT_BYTES}]
     */
    public static byte[] sha256(byte[] salt, byte[] ikm, byte[] info, int length) {
        checkLength(length);
        return expand(extract(salt, ikm), info, length);
    }

    /** HKDF-Extract: the 32-byte pseudorandom key {@code HMAC(salt, ikm)}. */
    public static byte[] extract(byte[] salt, byte[] ikm) {
        return hmacSha256(salt, ikm);
    }

    /**
     * HKDF-Expand: {@code length} bytes of {@code T(1) | T(2) | ...}.
     *
     * @throws IllegalArgumentException if {@code length} is outside [0, {@value #MAX_OUTPUT_BYTES}]
     *     or {@code prk} is shorter than 32 bytes
     */
    public static byte[] expand(byte[] prk, byte[] info, int length) {
        checkLength(length);
        if (prk == null || prk.length < HASH_BYTES) {
            throw new IllegalArgumentException("an HKDF-SHA256 pseudorandom key is at least 32 bytes");
        }
        byte[] out = new byte[length];
        Mac mac = newMac(prk);
        byte[] t = new byte[0];
        for (int offset = 0, counter = 1; offset < length; counter++) {
            mac.update(t);
            if (info != null) {
                mac.update(info);
            }
            mac.update((byte) counter);
            t = mac.doFinal();
            int n = Math.min(HASH_BYTES, length - offset);
            System.arraycopy(t, 0, out, offset, n);
            offset += n;
        }
        return out;
    }

    /** {@code HMAC-SHA256(key, data)}; a null or empty key is the all-zero key, null data is empty. */
    public static byte[] hmacSha256(byte[] key, byte[] data) {
        Mac mac = newMac(key);
        if (data != null) {
            mac.update(data);
        }
        return mac.doFinal();
    }

    private static Mac newMac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key == null || key.length == 0 ? ZERO_KEY : key, HMAC));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }

    private static void checkLength(int length) {
        if (length < 0 || length > MAX_OUTPUT_BYTES) {
            throw new IllegalArgumentException(
                    "HKDF-SHA256 output must be 0.." + MAX_OUTPUT_BYTES + " bytes, not " + length);
        }
    }
}
