package io.confchat.chat;

import io.confchat.api.ConfChatException;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.Conversation;
import io.confchat.api.chat.Delivery;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.session.LiveSession;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A conversation of {@link DhtChatClient}: the messages so far and, while live, the session.
 * Sending goes live when a session is up and to the peer's inbox otherwise.
 */
final class ChatConversation implements Conversation {
    private final DhtChatClient client;
    private final UserKeys peer;
    private final List<ChatMessage> messages = new ArrayList<>();
    /** The ids in {@code messages}, guarded by {@code messages}: a lookup, not a scan, per text. */
    private final Set<String> ids = new HashSet<>();

    private volatile LiveSession session;
    private volatile boolean closed;

    ChatConversation(DhtChatClient client, UserKeys peer, List<ChatMessage> history) {
        this.client = client;
        this.peer = peer;
        this.messages.addAll(history);
        history.forEach(m -> ids.add(m.id()));
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
        LiveSession s = session;
        return s != null && s.isOpen();
    }

    @Override
    public CompletableFuture<Delivery> send(String text) {
        ChatMessage message;
        try {
            ChatMessage.checkText(text);
            message = client.newMessage(peer.username(), text); // NotLoggedInException after logout
        } catch (IllegalArgumentException | ConfChatException e) {
            return CompletableFuture.failedFuture(e);
        }
        add(message);
        LiveSession s = session;
        if (s != null && s.isOpen()) {
            try {
                return s.send(message);
            } catch (IllegalStateException ended) {
                // the session ended between the check and the send: the inbox takes it
            }
        }
        return client.sendOffline(peer, message);
    }

    @Override
    public void typing() {
        LiveSession s = session;
        if (s != null && s.isOpen()) {
            s.typing();
        }
    }

    @Override
    public List<ChatMessage> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    @Override
    public CompletableFuture<Void> close() {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        closed = true;
        LiveSession s = session;
        if (s == null || !s.isOpen()) {
            return client.conversationClosed(this);
        }
        // texts the peer has not acknowledged yet go to its inbox when the session ends
        s.bye("left the chat");
        return s.ended().thenCompose(x -> client.conversationClosed(this));
    }

    boolean isClosed() {
        return closed;
    }

    /** Adds a message unless one with its id is already here; true if added. */
    boolean add(ChatMessage message) {
        synchronized (messages) {
            if (!ids.add(message.id())) {
                return false;
            }
            messages.add(message);
            return true;
        }
    }

    LiveSession session() {
        return session;
    }

    void attach(LiveSession session) {
        this.session = session;
    }

    /** Forgets {@code ended} if it is this conversation's session; true if it was. */
    boolean detach(LiveSession ended) {
        if (session == ended) {
            session = null;
            return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return "Conversation[" + peer.username() + (isLive() ? ", live" : ", offline") + "]";
    }
}
