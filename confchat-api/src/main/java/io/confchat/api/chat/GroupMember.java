package io.confchat.api.chat;

import java.util.Objects;

/**
 * A member of a group in one epoch of its membership.
 *
 * @param username the member's (normalized) username
 * @param admin whether the member may add and remove others
 */
public record GroupMember(String username, boolean admin) {
    public GroupMember {
        Objects.requireNonNull(username, "username");
    }
}
