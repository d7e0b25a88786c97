package io.confchat.chat.internal.login;

import io.confchat.api.chat.ChatMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The most recent messages of a conversation, at most a fixed number, oldest first. Thread-safe. */
final class MessageWindow {
    private final int capacity;
    private final Deque<ChatMessage> messages = new ArrayDeque<>();

    MessageWindow(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(ChatMessage m) {
        messages.addLast(m);
        if (messages.size() > capacity) {
            messages.removeFirst();
        }
    }

    synchronized void addAll(List<ChatMessage> newer) {
        newer.forEach(this::add);
    }

    /**
     * Puts saved messages before those already here (they are older), skipping any already here;
     * the window keeps its newest messages.
     */
    synchronized void prependSaved(List<ChatMessage> saved) {
        List<ChatMessage> merged = new ArrayList<>(saved.size() + messages.size());
        for (ChatMessage s : saved) {
            if (messages.stream()
                    .noneMatch(m -> m.id().equals(s.id()) && m.from().equals(s.from()))) {
                merged.add(s);
            }
        }
        merged.addAll(messages);
        messages.clear();
        messages.addAll(merged.subList(Math.max(0, merged.size() - capacity), merged.size()));
    }

    synchronized List<ChatMessage> snapshot() {
        return List.copyOf(messages);
    }
}
