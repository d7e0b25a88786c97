package io.confchat.dht.record;

import io.confchat.api.DhtKey;
import io.confchat.api.SignedRecord;
import io.confchat.dht.crypto.Ed25519KeyPair;
import java.util.Objects;

/**
 * Signs records with one owner's Ed25519 key. Thread-safe.
 *
 * <pre>{@code
 * RecordSigner signer = new RecordSigner(ownerKeys);
 * SignedRecord r = signer.sign(DhtKey.hash("note/1"), "note", new byte[0], 1, 3600, bytes);
 * }</pre>
 */
public final class RecordSigner {
    private final Ed25519KeyPair owner;

    public RecordSigner(Ed25519KeyPair owner) {
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    /** The owner public key every record of this signer carries. */
    public byte[] ownerPublicKey() {
        return owner.publicKey();
    }

    /**
     * Builds and signs a record.
     *
     * @throws IllegalArgumentException if a field is outside the limits of {@link SignedRecord}
     */
    public SignedRecord sign(DhtKey key, String type, byte[] slot, long seq, long ttlSeconds, byte[] payload) {
        byte[] pk = owner.publicKey();
        byte[] input = SignedRecord.signingInput(key, type, pk, slot, seq, ttlSeconds, payload);
        return SignedRecord.of(key, type, pk, slot, seq, ttlSeconds, payload, owner.sign(input));
    }

    /** True when the record's signature verifies under its own owner key. */
    public static boolean verify(SignedRecord record) {
        return Ed25519KeyPair.verify(record.ownerPublicKey(), record.signingInput(), record.signature());
    }
}
