package io.confchat.dht.internal.storage;

import io.confchat.api.SignedRecord;
import io.confchat.dht.crypto.Ed25519KeyPair;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Verifies Ed25519 signatures (records, node certificates), remembering the SHA-256 of recently
 * verified (public key, signed content, signature) triples in a bounded LRU, so replication rounds,
 * repeated reads and repeated proofs do not verify the same bytes twice. The hash covers every
 * byte of all three (key and signature have fixed lengths, so the concatenation is unambiguous):
 * a change to any byte misses the cache and is verified, so a remembered result can never vouch
 * for another key, another message or another signature. Only valid signatures are remembered.
 * Whatever the caller checks beside the signature (which address a certificate names, whether it
 * is current) it checks every time. A capacity of 0 remembers nothing. Thread-safe.
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
        return verify(record.ownerPublicKey(), record.signingInput(), record.signature());
    }

    /**
     * True when {@code signature} is a valid Ed25519 signature of {@code input} by {@code
     * publicKey}: remembered from an earlier check of exactly these bytes, or verified now.
     */
    public boolean verify(byte[] publicKey, byte[] input, byte[] signature) {
        if (publicKey.length != Ed25519KeyPair.PUBLIC_KEY_BYTES || signature.length != Ed25519KeyPair.SIGNATURE_BYTES) {
            return false;
        }
        ByteBuffer digest = ByteBuffer.wrap(digest(publicKey, input, signature));
        synchronized (verified) {
            if (verified.get(digest) != null) {
                return true;
            }
        }
        if (!Ed25519KeyPair.verify(publicKey, input, signature)) {
            return false;
        }
        synchronized (verified) {
            verified.put(digest, Boolean.TRUE);
        }
        return true;
    }

    private static byte[] digest(byte[] publicKey, byte[] input, byte[] signature) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(publicKey);
            md.update(input);
            md.update(signature);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
