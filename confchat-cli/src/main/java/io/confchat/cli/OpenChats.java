package io.confchat.cli;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.Conversation;
import io.confchat.api.chat.Delivery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The conversations a running {@code node} or {@code listen} keeps open, one per peer, and the
 * one way its texts are sent: the interactive client, lines on {@code listen}'s stdin and the
 * control socket all send through {@link #send}, so a text sent by a script shows in the chat.
 * Group chats are kept the same way in {@link #groups()}. Thread-safe.
 */
final class OpenChats {
    /** Told of every text sent through {@link #send}, on the sending thread. */
    interface SendObserver {
        void sending(String peer, String text, CompletableFuture<Delivery> delivery, boolean fromScript);
    }

    private final ChatClient client;
    private final Map<String, Conversation> open = new ConcurrentHashMap<>();
    private final List<SendObserver> observers = new CopyOnWriteArrayList<>();
    private final OpenGroups groups;

    OpenChats(ChatClient client) {
        this.client = client;
        this.groups = new OpenGroups(client);
        client.addListener(groups);
    }

    /** The open group chats, and the one way group texts are sent. */
    OpenGroups groups() {
        return groups;
    }

    void observe(SendObserver observer) {
        observers.add(observer);
    }

    /** The open conversation with {@code peer}, opened now if there is none; fails for an unknown user. */
    CompletableFuture<Conversation> open(String peer) {
        Conversation existing = open.get(ControlSockets.normalize(peer));
        if (existing != null) {
            return CompletableFuture.completedFuture(existing);
        }
        return client.open(peer).thenApply(c -> {
            Conversation kept = open.putIfAbsent(c.peer(), c);
            return kept != null ? kept : c;
        });
    }

    Optional<Conversation> get(String peer) {
        return Optional.ofNullable(open.get(ControlSockets.normalize(peer)));
    }

    /** The peers with an open conversation. */
    List<String> peers() {
        return List.copyOf(open.keySet());
    }

    /** Sends {@code text} to {@code peer}, opening the conversation if needed. */
    CompletableFuture<Delivery> send(String peer, String text, boolean fromScript) {
        CompletableFuture<Delivery> delivery = open(peer).thenCompose(c -> c.send(text));
        String name = ControlSockets.normalize(peer);
        observers.forEach(o -> o.sending(name, text, delivery, fromScript));
        return delivery;
    }

    /** Leaves the conversation with {@code peer} (saving it); done at once if none is open. */
    CompletableFuture<Void> close(String peer) {
        Conversation c = open.remove(ControlSockets.normalize(peer));
        return c != null ? c.close() : CompletableFuture.completedFuture(null);
    }

    /** Leaves every open conversation, the group chats' too. */
    CompletableFuture<Void> closeAll() {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        all.add(groups.closeAll());
        for (String peer : peers()) {
            all.add(close(peer));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }
}
