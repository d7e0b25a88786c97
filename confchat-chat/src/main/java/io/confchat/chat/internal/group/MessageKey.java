package io.confchat.chat.internal.group;

import io.confchat.chat.internal.crypto.ChaChaPoly;
import io.confchat.chat.internal.crypto.Hkdf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The message key {@code MK_i} of one chain iteration, and what it derives: {@code HKDF-SHA256(ikm
 * = MK_i, info = "confchat/group-message/v1")} split into a ChaCha20-Poly1305 key (32 bytes) and
 * nonce (12 bytes). A message key seals exactly one message, so a derived nonce never repeats under
 * its key. Erased once used. Not thread-safe.
 */
final class MessageKey {
    static final byte[] INFO = "confchat/group-message/v1".getBytes(StandardCharsets.US_ASCII);

    private final int iteration;
    private final byte[] seed;

    MessageKey(int iteration, byte[] seed) {
        if (seed == null || seed.length != Hkdf.HASH_BYTES) {
            throw new IllegalArgumentException("a message key is 32 bytes");
        }
        this.iteration = iteration;
        this.seed = seed;
    }

    int iteration() {
        return iteration;
    }

    /** The AEAD key and nonce: {@code HKDF(MK_i)}, 44 bytes, key first. */
    Secrets secrets() {
        byte[] okm = Hkdf.sha256(null, seed, INFO, ChaChaPoly.KEY_BYTES + ChaChaPoly.NONCE_BYTES);
        Secrets s = new Secrets(
                Arrays.copyOfRange(okm, 0, ChaChaPoly.KEY_BYTES),
                Arrays.copyOfRange(okm, ChaChaPoly.KEY_BYTES, okm.length));
        Arrays.fill(okm, (byte) 0);
        return s;
    }

    /** Overwrites the key with zeros. */
    void erase() {
        Arrays.fill(seed, (byte) 0);
    }

    /** The seed itself, for the tests that pin the composition. */
    byte[] seedForTest() {
        return seed.clone();
    }

    /** The seed, to keep a skipped message's key across a restart (sealed in the device journal). */
    byte[] seedToKeep() {
        return seed.clone();
    }

    /** A ChaCha20-Poly1305 key and nonce; {@link #erase()} once used. */
    record Secrets(byte[] key, byte[] nonce) {
        void erase() {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(nonce, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "MessageKey[" + iteration + ", key hidden]";
    }
}
