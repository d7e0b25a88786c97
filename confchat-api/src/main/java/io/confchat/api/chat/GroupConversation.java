package io.confchat.api.chat;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A group chat, from {@link ChatClient#openGroup}: like a {@link Conversation} with many peers.
 * A text sent is encrypted once with this user's sending chain, stored once in the DHT (where
 * members who are offline fetch it at their next login) and sent live to every member online.
 * Thread-safe.
 */
public interface GroupConversation {

    /** The group. */
    GroupId group();

    /** The group's membership as this client last verified it. */
    GroupInfo info();

    /**
     * Sends a text to every other member of the current epoch.
     *
     * @return completes once the DHT holds the message and every member online acknowledged it or
     *     the acknowledgement timed out, with the state per member (see {@link GroupDelivery});
     *     fails with {@link IllegalArgumentException} for an empty text or one over {@link
     *     ChatMessage#MAX_TEXT_BYTES}, {@link IllegalStateException} if this user is no longer a
     *     member or has not joined, or {@link io.confchat.api.ConfChatException} if the DHT did not
     *     take the message (it was then sent to nobody)
     */
    CompletableFuture<GroupDelivery> send(String text);

    /**
     * The most recent messages of this group, oldest first: the saved history when it was opened,
     * then every message since, at most the client's configured window (500 by default).
     */
    List<GroupMessage> messages();

    /**
     * Leaves the conversation view (not the group: see {@link ChatClient#leaveGroup}) and saves
     * what is not saved yet. Idempotent.
     *
     * @return completes when the history is saved (or saving failed; it is saved again later)
     */
    CompletableFuture<Void> close();
}
