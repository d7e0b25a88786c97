package io.confchat.chat.internal.login;

import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.Conversation;
import io.confchat.api.chat.ConversationPath;
import io.confchat.api.chat.Delivery;
import io.confchat.chat.internal.account.UserKeys;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A conversation the application holds: a view of one peer in its login's {@link Conversations},
 * with the window of recent messages. Thread-safe.
 */
final class OpenConversation implements Conversation {
    private final UserKeys peer;
    private final MessageWindow window;
    private final Conversations owner;
    private volatile boolean closed;

    OpenConversation(UserKeys peer, int window, Conversations owner) {
        this.peer = peer;
        this.window = new MessageWindow(window);
        this.owner = owner;
    }

    @Override
    public String peer() {
        return peer.username();
    }

    UserKeys peerKeys() {
        return peer;
    }

    @Override
    public boolean isLive() {
        return owner.isLive(peer.username());
    }

    @Override
    public ConversationPath path() {
        return owner.path(peer.username());
    }

    @Override
    public CompletableFuture<Delivery> send(String text) {
        try {
            ChatMessage.checkText(text);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return owner.send(this, text);
    }

    @Override
    public void typing() {
        owner.typing(peer.username());
    }

    @Override
    public List<ChatMessage> messages() {
        return window.snapshot();
    }

    @Override
    public CompletableFuture<Void> close() {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        closed = true;
        return owner.close(this);
    }

    boolean isClosed() {
        return closed;
    }

    MessageWindow window() {
        return window;
    }

    @Override
    public String toString() {
        return "Conversation[" + peer.username() + (isLive() ? ", live" : ", offline") + "]";
    }
}
