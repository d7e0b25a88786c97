package io.confchat.chat.internal.session;

import io.confchat.api.chat.MessageId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The texts a session sent and the peer has not acknowledged yet, oldest first.
 *
 * <p>Once {@link #close}d it takes no more texts and hands back those still waiting, so every
 * text offered is either acknowledged or handed back exactly once, whatever the order of sends,
 * acks and the end of the session. {@link #stalled} notices a peer that stopped acknowledging:
 * the same text is the oldest waiting at two checks in a row. Thread-safe.
 */
final class AckTracker {
    private final Map<MessageId, Outgoing> waiting = new LinkedHashMap<>();
    private boolean closed;
    private MessageId watched;

    /** Tracks a text about to be sent; false if the tracker is closed (the session ended). */
    synchronized boolean track(Outgoing o) {
        if (closed) {
            return false;
        }
        waiting.putIfAbsent(o.message().id(), o);
        return true;
    }

    /** The waiting texts these ids name, now acknowledged; unknown ids are ignored. */
    synchronized List<Outgoing> acknowledge(List<MessageId> ids) {
        List<Outgoing> done = new ArrayList<>(ids.size());
        for (MessageId id : ids) {
            Outgoing o = waiting.remove(id);
            if (o != null) {
                done.add(o);
            }
        }
        return done;
    }

    /**
     * One periodic check: true when the oldest waiting text is the one that was oldest at the
     * previous check too, i.e. it has waited at least one check period.
     */
    synchronized boolean stalled() {
        Iterator<MessageId> oldest = waiting.keySet().iterator();
        MessageId now = oldest.hasNext() ? oldest.next() : null;
        boolean stalled = now != null && now.equals(watched);
        watched = now;
        return stalled;
    }

    /** Closes the tracker; returns the texts still waiting, oldest first (once; then empty). */
    synchronized List<Outgoing> close() {
        closed = true;
        List<Outgoing> left = new ArrayList<>(waiting.values());
        waiting.clear();
        return left;
    }

    synchronized int size() {
        return waiting.size();
    }
}
