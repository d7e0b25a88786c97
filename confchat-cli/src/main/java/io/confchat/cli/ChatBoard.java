package io.confchat.cli;

import io.confchat.api.chat.DeliveryState;
import io.confchat.api.chat.MessageId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * What the interactive client knows about its chats: which one is shown (none: the user list),
 * unread counts per peer (the chat list's at login, then every message that arrived outside the
 * shown chat; showing a chat reads it), the delivery state of your own texts, how many are still
 * on their way, and the usernames seen (for completion). Builds the status line. Thread-safe: the
 * input thread and the client's event thread both use it.
 *
 * <pre>
 *  status line:  [alice] bob (live) | carol: 2 unread | dave: 1 unread | sending 1
 * </pre>
 */
final class ChatBoard {
    /** Delivery states kept for your own texts: the newest this many. */
    static final int MARKS_KEPT = 10_000;

    private String shown;
    private final Map<String, Integer> unread = new TreeMap<>();
    private final Set<String> users = new TreeSet<>();
    private int sending;
    private final Map<MessageId, DeliveryState> marks = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<MessageId, DeliveryState> eldest) {
            return size() > MARKS_KEPT;
        }
    };

    synchronized Optional<String> shown() {
        return Optional.ofNullable(shown);
    }

    synchronized boolean isShown(String peer) {
        return peer.equals(shown);
    }

    /** Shows {@code peer}'s chat (null: the user list); its messages count as read. */
    synchronized void show(String peer) {
        shown = peer;
        if (peer != null) {
            unread.remove(peer);
            users.add(peer);
        }
    }

    /** A message from {@code peer} arrived; counts as unread unless that chat is shown. @return true if unread */
    synchronized boolean arrived(String peer) {
        users.add(peer);
        if (peer.equals(shown)) {
            return false;
        }
        unread.merge(peer, 1, Integer::sum);
        return true;
    }

    /** At login: the chat list's unread counts, where they exceed what this client counted already. */
    synchronized void unreadAtLogin(String peer, int count) {
        users.add(peer);
        if (count > 0 && !peer.equals(shown)) {
            unread.merge(peer, count, Math::max);
        }
    }

    synchronized int unread(String peer) {
        return unread.getOrDefault(peer, 0);
    }

    synchronized void knowUsers(List<String> names) {
        users.addAll(names);
    }

    synchronized List<String> users() {
        return List.copyOf(users);
    }

    synchronized void sendingStarted() {
        sending++;
    }

    synchronized void sendingEnded() {
        sending--;
    }

    /**
     * Records a text's delivery state; a text once delivered stays delivered.
     *
     * @return the state it had before, if any
     */
    synchronized Optional<DeliveryState> mark(MessageId id, DeliveryState state) {
        DeliveryState before = marks.get(id);
        marks.put(id, before == DeliveryState.DELIVERED ? before : state);
        return Optional.ofNullable(before);
    }

    synchronized Optional<DeliveryState> mark(MessageId id) {
        return Optional.ofNullable(marks.get(id));
    }

    /** {@code [alice] bob (live) | carol: 2 unread | sending 1}. */
    synchronized String statusLine(String me, Predicate<String> live) {
        StringBuilder s = new StringBuilder("[").append(me).append("] ");
        s.append(
                shown == null
                        ? "user list"
                        : shown
                                + (GroupRefs.isGroup(shown)
                                        ? " (group)"
                                        : live.test(shown) ? " (live)" : " (offline: inbox)"));
        unread.forEach((peer, count) ->
                s.append(" | ").append(peer).append(": ").append(count).append(" unread"));
        if (sending > 0) {
            s.append(" | sending ").append(sending);
        }
        s.append(" | /help");
        return s.toString();
    }
}
