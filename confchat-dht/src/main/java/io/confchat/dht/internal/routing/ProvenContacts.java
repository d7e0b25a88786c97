package io.confchat.dht.internal.routing;

import io.confchat.api.Contact;
import io.confchat.api.NodeId;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The contacts this node has seen prove their id at an address, whether or not they made it into
 * the routing table: lookups count a contact toward their result only once it is proven, and this
 * cache spares a second proof of the same contact. A proof by signed PONG (a fresh nonce, id =
 * SHA-256(key)) holds until the entry is evicted; a proof by certificate only until the
 * certificate expires. Bounded (least recently used first out). Thread-safe.
 */
public final class ProvenContacts {
    /** Default capacity: a few thousand contacts, about 100 bytes each. */
    public static final int DEFAULT_CAPACITY = 4096;

    private record Proof(InetSocketAddress address, long untilNanos) {}

    private final RoutingTable routing;
    private final LongSupplier nanoTime;
    private final Map<NodeId, Proof> proven;

    /** @param nanoTime the node's monotonic clock, for proofs that expire */
    public ProvenContacts(RoutingTable routing, int capacity, LongSupplier nanoTime) {
        this.routing = routing;
        this.nanoTime = nanoTime;
        this.proven = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<NodeId, Proof> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True when {@code c}'s id was proven at exactly its address (routing-table contacts were). */
    public boolean isProven(Contact c) {
        synchronized (proven) {
            Proof p = proven.get(c.id());
            if (p != null && c.address().equals(p.address())) {
                if (nanoTime.getAsLong() - p.untilNanos() < 0) {
                    return true;
                }
                proven.remove(c.id());
            }
        }
        return routing.get(c.id())
                .filter(known -> known.address().equals(c.address()))
                .isPresent();
    }

    /** Remembers a contact that just proved its id with a signed PONG. */
    public void add(Contact c) {
        put(c, Long.MAX_VALUE / 2);
    }

    /** Remembers a contact whose certificate proves its id for {@code validFor} more. */
    public void add(Contact c, Duration validFor) {
        put(c, Math.min(Long.MAX_VALUE / 4, validFor.toNanos()));
    }

    private void put(Contact c, long forNanos) {
        synchronized (proven) {
            proven.put(c.id(), new Proof(c.address(), nanoTime.getAsLong() + forNanos));
        }
    }

    /** Forgets a contact, e.g. one whose address stopped answering for its id. */
    public void remove(Contact c) {
        synchronized (proven) {
            Proof p = proven.get(c.id());
            if (p != null && p.address().equals(c.address())) {
                proven.remove(c.id());
            }
        }
    }
}
