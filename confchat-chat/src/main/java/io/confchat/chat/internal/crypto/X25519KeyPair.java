package io.confchat.chat.internal.crypto;

import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * An X25519 key pair (RFC 7748) on BouncyCastle. Immutable and thread-safe; accessors return
 * copies.
 *
 * <p>{@link #agree} follows RFC 7748 section 5 exactly (the top bit of the peer's u-coordinate is
 * ignored, non-canonical encodings are reduced, keys on the twist are processed) and adds the check
 * of section 6.1: an all-zero shared secret, which any low-order public key produces, is refused. So
 * of the Wycheproof "acceptable" cases, those with an all-zero result are rejected and all others
 * give the RFC 7748 result.
 */
public final class X25519KeyPair {
    /** Length of a private key, a public key and a shared secret. */
    public static final int KEY_BYTES = 32;

    private final byte[] privateKey;
    private final byte[] publicKey;

    private X25519KeyPair(byte[] privateKey) {
        this.privateKey = privateKey;
        this.publicKey = new byte[KEY_BYTES];
        X25519.generatePublicKey(privateKey, 0, publicKey, 0);
    }

    /** A fresh key pair from {@code random}. */
    public static X25519KeyPair generate(SecureRandom random) {
        byte[] sk = new byte[KEY_BYTES];
        X25519.generatePrivateKey(random, sk);
        return new X25519KeyPair(sk);
    }

    /**
     * The key pair of a stored 32-byte private key (copied, used as given: clamping happens inside
     * the scalar multiplication, as RFC 7748 specifies).
     *
     * @throws IllegalArgumentException if {@code priv32} is not 32 bytes
     */
    public static X25519KeyPair fromPrivateKey(byte[] priv32) {
        if (priv32 == null || priv32.length != KEY_BYTES) {
            throw new IllegalArgumentException("an X25519 private key is 32 bytes");
        }
        return new X25519KeyPair(priv32.clone());
    }

    /** The 32-byte public key (a copy). */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The 32-byte private key (a copy), for persisting it in the key blob; handle with care. */
    public byte[] privateKey() {
        return privateKey.clone();
    }

    /**
     * The X25519 shared secret with {@code peerPublic}.
     *
     * @throws InvalidKeyException if {@code peerPublic} is not 32 bytes, or the shared secret is all
     *     zero (a low-order public key: the peer would contribute nothing to the secret)
     */
    public byte[] agree(byte[] peerPublic) throws InvalidKeyException {
        if (peerPublic == null || peerPublic.length != KEY_BYTES) {
            throw new InvalidKeyException("an X25519 public key is 32 bytes");
        }
        byte[] shared = new byte[KEY_BYTES];
        if (!X25519.calculateAgreement(privateKey, 0, peerPublic, 0, shared, 0)) {
            throw new InvalidKeyException("X25519 shared secret is all zero (low-order public key)");
        }
        return shared;
    }

    @Override
    public String toString() {
        return "X25519KeyPair[public=" + HexFormat.of().formatHex(publicKey, 0, 4) + "...]";
    }
}
