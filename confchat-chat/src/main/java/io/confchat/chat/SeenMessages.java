package io.confchat.chat;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the latest messages shown to the user, so a message that arrives twice (resent after
 * a reconnect, or live and then from the inbox) is shown once. Bounded; thread-safe.
 */
final class SeenMessages {
    static final int CAPACITY = 10_000;

    private final Map<String, Boolean> ids = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Records an id; false if it was already seen. */
    synchronized boolean add(String id) {
        return ids.put(id, Boolean.TRUE) == null;
    }

    synchronized boolean contains(String id) {
        return ids.containsKey(id);
    }

    synchronized void clear() {
        ids.clear();
    }
}
