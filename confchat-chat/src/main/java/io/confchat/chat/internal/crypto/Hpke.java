package io.confchat.chat.internal.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;

/**
 * Single-shot HPKE (RFC 9180) in base mode with DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and
 * ChaCha20-Poly1305 (suite 0x0020/0x0001/0x0003), on BouncyCastle: how offline messages are sealed
 * to a user's inbox key {@code EK} (docs/architecture.md#offline-inbox). Stateless and thread-safe.
 *
 * <p>Each {@link #seal} uses a fresh ephemeral key, so it is the first (sequence 0) message of its
 * own HPKE context. Base mode does not authenticate the sender: the chat layer signs inside the
 * plaintext.
 */
public final class Hpke {
    /** Length of the encapsulated key (an X25519 public key). */
    public static final int ENCAPSULATED_KEY_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] EMPTY = new byte[0];

    /**
     * What {@link #seal} produces: both parts are needed to open. The arrays are the caller's to
     * keep; equality is by identity.
     */
    public record Sealed(byte[] encapsulatedKey, byte[] ciphertext) {}

    private Hpke() {}

    /**
     * Seals {@code plaintext} to {@code recipientPublic}.
     *
     * @param info binds the context (e.g. a protocol label); null means empty
     * @param aad authenticated, not encrypted; null means empty
     * @throws IllegalArgumentException if {@code recipientPublic} is not 32 bytes or is a low-order
     *     point (it comes from a record and could be hostile)
     */
    public static Sealed seal(byte[] recipientPublic, byte[] info, byte[] aad, byte[] plaintext) {
        return seal(recipientPublic, info, aad, plaintext, RANDOM);
    }

    /**
     * As {@link #seal(byte[], byte[], byte[], byte[])}, the ephemeral key drawn from {@code random}
     * (the client's, seeded in simulations so that a run can be replayed).
     */
    public static Sealed seal(byte[] recipientPublic, byte[] info, byte[] aad, byte[] plaintext, SecureRandom random) {
        return seal(recipientPublic, info, aad, plaintext, X25519KeyPair.generate(random));
    }

    /** As {@link #seal(byte[], byte[], byte[], byte[])} with a given ephemeral key (test vectors). */
    static Sealed seal(byte[] recipientPublic, byte[] info, byte[] aad, byte[] plaintext, X25519KeyPair ephemeral) {
        if (recipientPublic == null || recipientPublic.length != X25519KeyPair.KEY_BYTES) {
            throw new IllegalArgumentException("an HPKE recipient key is a 32-byte X25519 public key");
        }
        HPKE hpke = suite();
        try {
            AsymmetricKeyParameter pkR = hpke.deserializePublicKey(recipientPublic);
            AsymmetricCipherKeyPair kpE = hpke.deserializePrivateKey(ephemeral.privateKey(), ephemeral.publicKey());
            HPKEContextWithEncapsulation ctx = hpke.setupBaseS(pkR, orEmpty(info), kpE);
            return new Sealed(ctx.getEncapsulation(), ctx.seal(orEmpty(aad), plaintext));
        } catch (IllegalStateException | IllegalArgumentException e) {
            // BouncyCastle refuses an all-zero X25519 shared secret this way
            throw new IllegalArgumentException("HPKE recipient key is not usable (low-order point)", e);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("HPKE encryption failed", e);
        }
    }

    /**
     * Opens what {@link #seal} produced for {@code recipient}.
     *
     * @throws AEADBadTagException if authentication fails (wrong key, info or aad, altered bytes)
     * @throws GeneralSecurityException if {@code encapsulatedKey} is not 32 bytes or is a low-order
     *     point
     */
    public static byte[] open(
            X25519KeyPair recipient, byte[] info, byte[] aad, byte[] encapsulatedKey, byte[] ciphertext)
            throws GeneralSecurityException {
        if (encapsulatedKey == null || encapsulatedKey.length != ENCAPSULATED_KEY_BYTES) {
            throw new GeneralSecurityException("an HPKE encapsulated key is 32 bytes");
        }
        HPKE hpke = suite();
        try {
            AsymmetricCipherKeyPair kpR = hpke.deserializePrivateKey(recipient.privateKey(), recipient.publicKey());
            return hpke.setupBaseR(encapsulatedKey, kpR, orEmpty(info)).open(orEmpty(aad), ciphertext);
        } catch (InvalidCipherTextException e) {
            throw new AEADBadTagException("HPKE message does not authenticate");
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new GeneralSecurityException("HPKE encapsulated key is not usable (low-order point)", e);
        }
    }

    private static HPKE suite() {
        return new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_CHACHA20_POLY1305);
    }

    private static byte[] orEmpty(byte[] bytes) {
        return bytes == null ? EMPTY : bytes;
    }
}
