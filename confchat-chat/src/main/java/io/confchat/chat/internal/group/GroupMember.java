package io.confchat.chat.internal.group;

import java.util.Arrays;

/**
 * One member of a group in one epoch. The key is not copied; treat as read-only.
 *
 * @param username normalized
 * @param identityKey the member's Ed25519 identity key (32 bytes)
 * @param admin may sign the next epoch with any change
 */
record GroupMember(String username, byte[] identityKey, boolean admin) {
    boolean hasKey(byte[] key) {
        return Arrays.equals(identityKey, key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupMember m
                && username.equals(m.username)
                && Arrays.equals(identityKey, m.identityKey)
                && admin == m.admin;
    }

    @Override
    public int hashCode() {
        return username.hashCode() * 31 + Arrays.hashCode(identityKey);
    }

    @Override
    public String toString() {
        return "GroupMember[" + username + (admin ? ", admin]" : "]");
    }
}
