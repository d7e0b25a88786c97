package io.confchat.chat.internal.device;

import io.confchat.chat.internal.crypto.Hkdf;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a user's journal entries: AES-256-GCM under HKDF-SHA256(storage key,
 * "confchat/device-journal/v1/" + username), a random 12-byte nonce per entry (in front of the
 * ciphertext), the same label as additional data. Thread-safe (one call at a time).
 */
final class JournalCipher {
    static final int NONCE = 12;
    static final int TAG_BYTES = 16;

    private final SecretKeySpec key;
    private final byte[] aad;
    private final SecureRandom random;
    /** One instance, set up anew for each entry (a lookup per entry would cost more than sealing). */
    private final Cipher cipher;

    JournalCipher(String username, byte[] storageKey, SecureRandom random) {
        this.aad = ("confchat/device-journal/v1/" + username).getBytes(StandardCharsets.UTF_8);
        this.key = new SecretKeySpec(Hkdf.sha256(new byte[0], storageKey, aad, 32), "AES");
        this.random = random;
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    synchronized byte[] seal(byte[] plain) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        try {
            Cipher c = cipher;
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
            c.updateAAD(aad);
            byte[] out = new byte[NONCE + c.getOutputSize(plain.length)];
            System.arraycopy(nonce, 0, out, 0, NONCE);
            c.doFinal(plain, 0, plain.length, out, NONCE);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /** The entry sealed in {@code sealed}; empty if it does not open under this key or is no entry. */
    synchronized Optional<JournalEntry> open(byte[] sealed) {
        try {
            Cipher c = cipher;
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, sealed, 0, NONCE));
            c.updateAAD(aad);
            return Optional.of(JournalEntry.decode(c.doFinal(sealed, NONCE, sealed.length - NONCE)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
