package io.confchat.dht.internal.routing;

import io.confchat.api.Contact;
import io.confchat.api.NodeId;
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

    private record Answer(int n, long version, List<Contact> closest) {}

    private final Map<NodeId, Answer> answers = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<NodeId, Answer> eldest) {
            return size() > CAPACITY;
        }
    };

    /** The {@code n} closest to {@code target} computed at table {@code version}, or null. */
    List<Contact> get(NodeId target, int n, long version) {
        Answer a = answers.get(target);
        return a != null && a.n() == n && a.version() == version ? a.closest() : null;
    }

    /** Remembers an answer (copied) computed at table {@code version}. */
    void put(NodeId target, int n, long version, List<Contact> closest) {
        answers.put(target, new Answer(n, version, List.copyOf(closest)));
    }
}
