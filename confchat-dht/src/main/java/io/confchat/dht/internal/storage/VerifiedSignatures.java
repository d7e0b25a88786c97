package io.confchat.dht.internal.storage;

import io.confchat.api.SignedRecord;
import io.confchat.dht.crypto.Ed25519KeyPair;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Verifies record signatures, remembering the SHA-256 of recently verified (signed content,
 * signature) pairs in a bounded LRU, so replication rounds and repeated reads do not verify the
 * same bytes twice. Any change to any byte changes the hash, so nothing unverified is ever
 * accepted. Thread-safe.
 */
public final class VerifiedSignatures {
    private final int capacity;
    private final Map<ByteBuffer, Boolean> verified;

    public VerifiedSignatures(int capacity) {
        this.capacity = capacity;
        this.verified = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Boolean> eldest) {
                return size() > VerifiedSignatures.this.capacity;
            }
        };
    }

    /** True when the record's signature verifies under its owner key. */
    public boolean isValid(SignedRecord record) {
        byte[] input = record.signingInput();
        byte[] signature = record.signature();
        ByteBuffer digest = ByteBuffer.wrap(digest(input, signature));
        synchronized (verified) {
            if (verified.get(digest) != null) {
                return true;
            }
        }
        if (!Ed25519KeyPair.verify(record.ownerPublicKey(), input, signature)) {
            return false;
        }
        synchronized (verified) {
            verified.put(digest, Boolean.TRUE);
        }
        return true;
    }

    private static byte[] digest(byte[] input, byte[] signature) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(input);
            md.update(signature);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
