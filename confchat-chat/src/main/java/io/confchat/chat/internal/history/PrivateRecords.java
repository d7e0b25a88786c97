package io.confchat.chat.internal.history;

import com.google.protobuf.ByteString;
import io.confchat.api.DhtKey;
import io.confchat.api.SignedRecord;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.crypto.ChaChaPoly;
import io.confchat.chat.internal.crypto.Hkdf;
import io.confchat.chat.internal.proto.Sealed;
import io.confchat.chat.internal.records.Payloads;
import io.confchat.chat.internal.records.RecordTypes;
import io.confchat.chat.internal.records.Transcript;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * Records only their owner can read: the payload is ChaCha20-Poly1305 under a key derived from
 * the owner's storage key, with the record's key, type and slot as additional data, so a
 * ciphertext cannot be replayed in another place.
 */
final class PrivateRecords {
    private static final byte[] KEY_INFO = "confchat/private-records/v1".getBytes(StandardCharsets.US_ASCII);

    private PrivateRecords() {}

    static SignedRecord seal(
            Account owner, DhtKey key, String type, byte[] slot, long seq, byte[] plaintext, SecureRandom random) {
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        byte[] ciphertext = ChaChaPoly.seal(key(owner), nonce, aad(key, type, slot), plaintext);
        byte[] payload = Sealed.newBuilder()
                .setNonce(ByteString.copyFrom(nonce))
                .setCiphertext(ByteString.copyFrom(ciphertext))
                .build()
                .toByteArray();
        return owner.signer().sign(key, type, slot, seq, RecordTypes.LONG_LIVED.toSeconds(), payload);
    }

    /** The plaintext of a record {@code owner} wrote; empty for anyone else's or a tampered one. */
    static Optional<byte[]> open(Account owner, SignedRecord r) {
        if (!r.isOwnedBy(owner.identity().publicKey())) {
            return Optional.empty();
        }
        return Payloads.sealed(r).flatMap(s -> {
            try {
                return Optional.of(ChaChaPoly.open(
                        key(owner),
                        s.getNonce().toByteArray(),
                        aad(r.key(), r.type(), r.slot()),
                        s.getCiphertext().toByteArray()));
            } catch (GeneralSecurityException e) {
                return Optional.empty();
            }
        });
    }

    private static byte[] key(Account owner) {
        return Hkdf.sha256(new byte[0], owner.storageKey(), KEY_INFO, 32);
    }

    private static byte[] aad(DhtKey key, String type, byte[] slot) {
        return Transcript.tagged("confchat/private-record/v1")
                .add(key.bytes())
                .add(type)
                .add(slot)
                .bytes();
    }
}
