package io.confchat.chat.internal.group;

import io.confchat.chat.internal.crypto.Hkdf;
import java.util.Arrays;

/**
 * One link of a sender-key chain: a 32-byte chain key {@code CK_i} at iteration {@code i}.
 *
 * <pre>
 *   CK_i ──HMAC-SHA256(CK_i, 0x02)──> CK_i+1
 *     │
 *     └─HMAC-SHA256(CK_i, 0x01)──> MK_i   (the message key of iteration i)
 * </pre>
 *
 * <p>The constants are those of Signal's sender keys. A link is erased (its key overwritten with
 * zeros) once the chain has moved past it, which is what gives forward secrecy inside a chain: a
 * key taken from a device later cannot recompute an earlier message key. Not thread-safe.
 */
final class ChainKey {
    static final int BYTES = 32;
    private static final byte[] MESSAGE_KEY_SEED = {0x01};
    private static final byte[] CHAIN_KEY_SEED = {0x02};

    private final byte[] key;
    private final int iteration;
    private boolean erased;

    /** A link holding {@code key} (copied) at {@code iteration}. */
    ChainKey(byte[] key, int iteration) {
        if (key == null || key.length != BYTES) {
            throw new IllegalArgumentException("a chain key is 32 bytes");
        }
        if (iteration < 0) {
            throw new IllegalArgumentException("a chain iteration is not negative");
        }
        this.key = key.clone();
        this.iteration = iteration;
    }

    int iteration() {
        return iteration;
    }

    /** The message key {@code MK_i} of this link. */
    MessageKey messageKey() {
        checkNotErased();
        return new MessageKey(iteration, Hkdf.hmacSha256(key, MESSAGE_KEY_SEED));
    }

    /** The next link {@code CK_i+1}; this one stays usable until {@link #erase()}. */
    ChainKey next() {
        checkNotErased();
        byte[] nextKey = Hkdf.hmacSha256(key, CHAIN_KEY_SEED);
        ChainKey next = new ChainKey(nextKey, iteration + 1);
        Arrays.fill(nextKey, (byte) 0);
        return next;
    }

    /** A copy of the key, for a distribution to another member. */
    byte[] keyBytes() {
        checkNotErased();
        return key.clone();
    }

    /** Overwrites the key with zeros; the link can no longer derive anything. */
    void erase() {
        Arrays.fill(key, (byte) 0);
        erased = true;
    }

    boolean isErased() {
        return erased;
    }

    private void checkNotErased() {
        if (isErased()) {
            throw new IllegalStateException("chain key " + iteration + " was erased");
        }
    }

    @Override
    public String toString() {
        return "ChainKey[" + iteration + ", key hidden]";
    }
}
