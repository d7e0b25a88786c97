package io.confchat.chat.internal.session;

import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.Delivery;
import java.util.concurrent.CompletableFuture;

/**
 * A text on its way to a peer, with the future its sender waits on. It travels from session to
 * session (a redial, a simultaneous dial) or to the inbox until the future completes: whoever
 * holds it last completes it, so no text is dropped silently.
 */
public record Outgoing(ChatMessage message, CompletableFuture<Delivery> delivery) {
    /** A new text with a pending delivery. */
    public static Outgoing of(ChatMessage message) {
        return new Outgoing(message, new CompletableFuture<>());
    }
}
