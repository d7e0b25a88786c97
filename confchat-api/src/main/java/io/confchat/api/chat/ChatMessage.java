package io.confchat.api.chat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * One text of a conversation. {@code id} is unique per message (random, chosen by the sender) and
 * is, with the sender, how both sides recognise a message they already have.
 *
 * @param id the sender's message id
 * @param from the sender's username
 * @param to the recipient's username
 * @param sentAt when the sender sent it, by the sender's clock
 * @param text the body
 * @param viaInbox true when it arrived through the offline inbox rather than a live session
 */
public record ChatMessage(MessageId id, String from, String to, Instant sentAt, String text, boolean viaInbox) {
    /** Longest text, in UTF-8 bytes. */
    public static final int MAX_TEXT_BYTES = 16 * 1024;

    public ChatMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(text, "text");
    }

    /** Checks a text a user wants to send. */
    public static void checkText(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a message cannot be empty");
        }
        if ((long) text.length() * 3 <= MAX_TEXT_BYTES) {
            return; // a UTF-16 unit is at most 3 UTF-8 bytes: short texts need no counting
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_TEXT_BYTES) {
            throw new IllegalArgumentException(
                    "a message can be at most " + MAX_TEXT_BYTES + " bytes, this one is " + bytes);
        }
    }

    /** The same message marked as having arrived through the inbox (or not). */
    public ChatMessage withViaInbox(boolean inbox) {
        return inbox == viaInbox ? this : new ChatMessage(id, from, to, sentAt, text, inbox);
    }
}
