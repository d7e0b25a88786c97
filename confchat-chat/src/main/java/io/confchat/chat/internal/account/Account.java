package io.confchat.chat.internal.account;

import io.confchat.chat.internal.crypto.X25519KeyPair;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.record.RecordSigner;

/**
 * A logged-in user: the keys opened from the key blob. Holds private keys; never logged.
 *
 * @param username the normalized username
 * @param identity signs every record of the user and proves the user in live sessions
 * @param inbox offline messages are sealed to its public half
 * @param storageKey encrypts the user's history and chat list (32 bytes)
 */
public record Account(String username, Ed25519KeyPair identity, X25519KeyPair inbox, byte[] storageKey) {
    /** The user's public keys, as others see them. */
    public UserKeys publicKeys() {
        return new UserKeys(username, identity.publicKey(), inbox.publicKey());
    }

    /** A signer of the user's records. */
    public RecordSigner signer() {
        return new RecordSigner(identity);
    }

    @Override
    public String toString() {
        return "Account[" + username + "]";
    }
}
