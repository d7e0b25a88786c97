package io.confchat.cli;

import io.confchat.api.chat.ChatListener;
import io.confchat.api.chat.ChatMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What the control socket's {@code inbox} answers: the messages a running node received since
 * the last {@code inbox}, live or from the offline inbox, the newest {@value #CAPACITY} of them.
 * Thread-safe.
 */
final class RecentInbox implements ChatListener {
    static final int CAPACITY = 1_000;

    private final Deque<ChatMessage> received = new ArrayDeque<>();

    @Override
    public synchronized void onMessage(ChatMessage message) {
        if (received.size() == CAPACITY) {
            received.removeFirst();
        }
        received.addLast(message);
    }

    /** The messages received since the last call, oldest first. */
    synchronized List<ChatMessage> take() {
        List<ChatMessage> all = new ArrayList<>(received);
        received.clear();
        return all;
    }
}
