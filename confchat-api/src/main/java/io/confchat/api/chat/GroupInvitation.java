package io.confchat.api.chat;

import java.util.Objects;

/**
 * An invitation to a group: an admin made this user a member of a verified epoch. Until {@link
 * ChatClient#joinGroup} accepts it, the group's messages are not shown and this user sends nothing
 * to the group; once accepted, the messages sent since the invitation are caught up.
 *
 * @param group the group as verified (its {@link GroupInfo#joined()} is false)
 * @param from the admin who signed the epoch that added this user
 */
public record GroupInvitation(GroupInfo group, String from) {
    public GroupInvitation {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(from, "from");
    }
}
