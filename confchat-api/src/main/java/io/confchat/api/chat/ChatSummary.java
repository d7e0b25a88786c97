package io.confchat.api.chat;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the chat list.
 *
 * @param peer the other user
 * @param lastActivity when a message was last exchanged
 * @param unread messages received from the peer that no conversation has shown yet
 */
public record ChatSummary(String peer, Instant lastActivity, int unread) {
    public ChatSummary {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(lastActivity, "lastActivity");
    }
}
