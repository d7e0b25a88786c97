package io.confchat.dht.internal.routing;

import io.confchat.api.Contact;
import io.confchat.api.NodeId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answers of {@link RoutingTable#closest} for the targets asked about lately, each valid only
 * while the table is unchanged: a node near a popular key serves FIND_VALUE for that key many
 * times between two changes of its table (a contact added, evicted, moved, or failing), and the
 * walk over its buckets gives the same contacts every time. Bounded (least recently used first
 * out). Not thread-safe; {@link RoutingTable} guards it.
 */
final class RecentClosest {
    /** Targets remembered: a few popular keys and the lookups in flight through this node. */
    static final int CAPACITY = 32;

    private static final class Answer {
        final int n;
        final long version;
        final List<Contact> closest;
        /** The IP-diverse ones among {@link #closest}, closest first, once asked for. */
        List<Contact> diverse;

        Answer(int n, long version, List<Contact> closest) {
            this.n = n;
            this.version = version;
            this.closest = closest;
        }
    }

    private final Map<NodeId, Answer> answers = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<NodeId, Answer> eldest) {
            return size() > CAPACITY;
        }
    };

    /** The {@code n} closest to {@code target} computed at table {@code version}, or null. */
    List<Contact> get(NodeId target, int n, long version) {
        Answer a = answer(target, n, version);
        return a == null ? null : a.closest;
    }

    /**
     * The contacts {@link Diversity} admits among the {@code n} closest to {@code target} at
     * table {@code version}, closest first, or null when that answer is not remembered.
     */
    List<Contact> diverse(NodeId target, int n, long version) {
        Answer a = answer(target, n, version);
        if (a == null) {
            return null;
        }
        if (a.diverse == null) {
            List<Contact> admitted = new ArrayList<>(a.closest.size());
            Diversity diversity = new Diversity();
            for (Contact c : a.closest) {
                if (diversity.admit(c)) {
                    admitted.add(c);
                }
            }
            a.diverse = List.copyOf(admitted);
        }
        return a.diverse;
    }

    private Answer answer(NodeId target, int n, long version) {
        Answer a = answers.get(target);
        return a != null && a.n == n && a.version == version ? a : null;
    }

    /** Remembers an answer (copied) computed at table {@code version}. */
    void put(NodeId target, int n, long version, List<Contact> closest) {
        answers.put(target, new Answer(n, version, List.copyOf(closest)));
    }
}
