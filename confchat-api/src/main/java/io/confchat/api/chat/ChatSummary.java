package io.confchat.api.chat;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the chat list: a 1:1 chat, or a group chat when {@link #group()} is present.
 *
 * @param peer the other user; for a group chat, the group's name
 * @param lastActivity when a message was last exchanged
 * @param unread messages received that no conversation has shown yet
 * @param group the group, for a group chat; empty for a 1:1 chat
 */
public record ChatSummary(String peer, Instant lastActivity, int unread, Optional<GroupId> group) {
    public ChatSummary {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(lastActivity, "lastActivity");
        Objects.requireNonNull(group, "group");
    }

    /** A 1:1 chat with {@code peer}. */
    public ChatSummary(String peer, Instant lastActivity, int unread) {
        this(peer, lastActivity, unread, Optional.empty());
    }

    /** True for a group chat. */
    public boolean isGroup() {
        return group.isPresent();
    }
}
