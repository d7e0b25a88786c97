package io.confchat.dht.internal.routing;

import io.confchat.api.Contact;
import io.confchat.api.NodeId;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The contacts this node has seen prove their id (a signed PONG over a fresh nonce, id =
 * SHA-256(key)) at an address, whether or not they made it into the routing table: lookups count
 * a contact toward their result only once it is proven, and this cache spares a second proof of
 * the same contact. Bounded (least recently used first out). Thread-safe.
 */
public final class ProvenContacts {
    /** Default capacity: a few thousand contacts, about 100 bytes each. */
    public static final int DEFAULT_CAPACITY = 4096;

    private final RoutingTable routing;
    private final Map<NodeId, InetSocketAddress> proven;

    public ProvenContacts(RoutingTable routing, int capacity) {
        this.routing = routing;
        this.proven = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<NodeId, InetSocketAddress> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True when {@code c}'s id was proven at exactly its address (routing-table contacts were). */
    public boolean isProven(Contact c) {
        synchronized (proven) {
            if (c.address().equals(proven.get(c.id()))) {
                return true;
            }
        }
        return routing.get(c.id())
                .filter(known -> known.address().equals(c.address()))
                .isPresent();
    }

    /** Remembers a contact that just proved its id. */
    public void add(Contact c) {
        synchronized (proven) {
            proven.put(c.id(), c.address());
        }
    }

    /** Forgets a contact, e.g. one whose address stopped answering for its id. */
    public void remove(Contact c) {
        synchronized (proven) {
            proven.remove(c.id(), c.address());
        }
    }
}
