package io.confchat.api.chat;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A chat with one peer, from {@link ChatClient#open}. Live while a session to the peer is up
 * (over a direct connection or through a relay); offline otherwise, when texts go to the peer's inbox. A live conversation whose connection
 * drops moves every unacknowledged text to the inbox: nothing sent is lost. Thread-safe.
 */
public interface Conversation {

    /** The peer's username. */
    String peer();

    /** True while a live session to the peer is up (direct or relayed). */
    boolean isLive();

    /**
     * How a text sent now travels: {@link ConversationPath#DIRECT} or {@link
     * ConversationPath#RELAYED} while live, {@link ConversationPath#INBOX} otherwise. A snapshot:
     * the path changes as connections move, break and are redialed.
     */
    ConversationPath path();

    /**
     * Sends a text.
     *
     * @return completes when the peer acknowledged it ({@link DeliveryState#DELIVERED}) or it is
     *     stored in the peer's inbox ({@link DeliveryState#QUEUED}); fails with {@link
     *     PeerUnreachableException} if neither was possible, or {@link IllegalArgumentException}
     *     for an empty text or one over {@link ChatMessage#MAX_TEXT_BYTES}
     */
    CompletableFuture<Delivery> send(String text);

    /** Tells a live peer that the user is typing; does nothing offline. */
    void typing();

    /**
     * The most recent messages of this conversation, oldest first: the saved history when it was
     * opened, then every message since, at most the client's configured window (500 by default).
     * Older messages stay in the saved history ({@link ChatClient#history}); a conversation never
     * holds more than the window in memory, however long it runs.
     */
    List<ChatMessage> messages();

    /**
     * Leaves the conversation: says goodbye to a live peer and appends what is not saved yet to
     * the history. Idempotent.
     *
     * @return completes when the history is saved (or saving failed; the failure is logged and the
     *     messages are saved again at the next occasion)
     */
    CompletableFuture<Void> close();
}
