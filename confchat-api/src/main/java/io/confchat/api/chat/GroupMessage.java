package io.confchat.api.chat;

import java.time.Instant;
import java.util.Objects;

/**
 * One text of a group chat. With the sender, {@code id} is how every member recognises a message
 * it already has: each member is shown each message once, whether it arrived live or by catch-up.
 *
 * @param group the group
 * @param id the sender's message id (random)
 * @param from the sender's username: the member whose sending chain signed the message (a member
 *     cannot send under another member's name)
 * @param sentAt when the sender sent it, by the sender's clock
 * @param text the body (at most {@link ChatMessage#MAX_TEXT_BYTES} UTF-8 bytes)
 * @param viaCatchUp true when it was fetched from the group's copy in the DHT (the member was
 *     offline or missed it) rather than received live
 */
public record GroupMessage(GroupId group, MessageId id, String from, Instant sentAt, String text, boolean viaCatchUp) {
    public GroupMessage {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(text, "text");
    }
}
