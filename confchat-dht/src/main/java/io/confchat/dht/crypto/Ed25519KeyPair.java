package io.confchat.dht.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 key pair on BouncyCastle's RFC 8032 implementation (about ten times faster than the
 * JDK's EdDSA on this hardware). Immutable and thread-safe. Never logged.
 */
public final class Ed25519KeyPair {
    /** Length of a private key (the RFC 8032 seed), a public key, and a signature. */
    public static final int PRIVATE_KEY_BYTES = 32, PUBLIC_KEY_BYTES = 32, SIGNATURE_BYTES = 64;

    private static final LongAdder SIGNED = new LongAdder();
    private static final LongAdder VERIFIED = new LongAdder();

    private final byte[] privateKey;
    private final byte[] publicKey;

    private Ed25519KeyPair(byte[] privateKey) {
        this.privateKey = privateKey;
        this.publicKey = new byte[PUBLIC_KEY_BYTES];
        Ed25519.generatePublicKey(privateKey, 0, publicKey, 0);
    }

    /** A fresh key pair from {@code random}. */
    public static Ed25519KeyPair generate(SecureRandom random) {
        byte[] sk = new byte[PRIVATE_KEY_BYTES];
        random.nextBytes(sk);
        return new Ed25519KeyPair(sk);
    }

    /** The key pair of a stored 32-byte private key (copied). */
    public static Ed25519KeyPair fromPrivateKey(byte[] privateKey) {
        if (privateKey == null || privateKey.length != PRIVATE_KEY_BYTES) {
            throw new IllegalArgumentException("an Ed25519 private key is 32 bytes");
        }
        return new Ed25519KeyPair(privateKey.clone());
    }

    /** The 32-byte public key (a copy). */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The 32-byte private key (a copy), for persisting it; handle with care. */
    public byte[] privateKey() {
        return privateKey.clone();
    }

    /** Signs {@code message} (pure Ed25519, no context). */
    public byte[] sign(byte[] message) {
        byte[] sig = new byte[SIGNATURE_BYTES];
        SIGNED.increment();
        Ed25519.sign(privateKey, 0, publicKey, 0, message, 0, message.length, sig, 0);
        return sig;
    }

    /** True when {@code signature} is a valid Ed25519 signature of {@code message} by {@code publicKey}. */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey == null || publicKey.length != PUBLIC_KEY_BYTES) {
            return false;
        }
        if (signature == null || signature.length != SIGNATURE_BYTES) {
            return false;
        }
        VERIFIED.increment();
        return Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
    }

    /**
     * Signatures made by every key pair of this process so far: the benchmarks report them per
     * operation (the work a design costs, independent of the machine's speed).
     */
    public static long signaturesMade() {
        return SIGNED.sum();
    }

    /** Signatures verified in this process so far (see {@link #signaturesMade()}). */
    public static long signaturesVerified() {
        return VERIFIED.sum();
    }

    @Override
    public String toString() {
        return "Ed25519KeyPair[public=" + Arrays.toString(Arrays.copyOf(publicKey, 4)) + "...]";
    }
}
