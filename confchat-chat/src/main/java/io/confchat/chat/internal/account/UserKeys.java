package io.confchat.chat.internal.account;

import java.util.Arrays;

/** A user's public keys, from their user record. Arrays are not copied; treat as read-only. */
public record UserKeys(String username, byte[] identityKey, byte[] inboxKey) {
    public boolean hasIdentity(byte[] key) {
        return Arrays.equals(identityKey, key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserKeys k
                && username.equals(k.username)
                && Arrays.equals(identityKey, k.identityKey)
                && Arrays.equals(inboxKey, k.inboxKey);
    }

    @Override
    public int hashCode() {
        return username.hashCode() * 31 + Arrays.hashCode(identityKey);
    }

    @Override
    public String toString() {
        return "UserKeys[" + username + "]";
    }
}
