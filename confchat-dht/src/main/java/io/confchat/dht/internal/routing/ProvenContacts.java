package io.confchat.dht.internal.routing;

import io.confchat.api.Contact;
import io.confchat.api.NodeId;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The contacts this node has seen prove their id at an address, whether or not they made it into
 * the routing table: lookups count a contact toward their result only once it is proven, and this
 * cache spares a second proof of the same contact. A proof by signed PONG (a fresh nonce, id =
 * SHA-256(key)) holds until the entry is evicted; a proof by certificate only until the
 * certificate expires. Lookups also start from the proven contacts nearest their target ({@link
 * #near}), so a key read again goes straight to replicas proven before. Bounded (least recently
 * used first out). Thread-safe.
 */
public final class ProvenContacts {
    /** Default capacity: a few thousand contacts, about 150 bytes each. */
    public static final int DEFAULT_CAPACITY = 4096;

    /** Ids in numeric order: those sharing the longest prefix with a target sit next to it. */
    private static final Comparator<NodeId> NUMERIC = ProvenContacts::compareNumerically;

    /** A contact proven at its address until {@code untilNanos} (kept whole: seeds hand it out as is). */
    private record Proof(Contact contact, long untilNanos) {
        InetSocketAddress address() {
            return contact.address();
        }
    }

    private final RoutingTable routing;
    private final LongSupplier nanoTime;
    private final Map<NodeId, Proof> proven;
    private final TreeMap<NodeId, Proof> byId = new TreeMap<>(NUMERIC);

    /** @param nanoTime the node's monotonic clock, for proofs that expire */
    public ProvenContacts(RoutingTable routing, int capacity, LongSupplier nanoTime) {
        this.routing = routing;
        this.nanoTime = nanoTime;
        this.proven = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<NodeId, Proof> eldest) {
                if (size() > capacity) {
                    byId.remove(eldest.getKey());
                    return true;
                }
                return false;
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
                forget(c.id());
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
        Proof p = new Proof(c, nanoTime.getAsLong() + forNanos);
        synchronized (proven) {
            proven.put(c.id(), p);
            byId.put(c.id(), p);
        }
    }

    /** Forgets a contact, e.g. one that stopped answering at its address. */
    public void remove(Contact c) {
        synchronized (proven) {
            Proof p = proven.get(c.id());
            if (p != null && p.address().equals(c.address())) {
                forget(c.id());
            }
        }
    }

    /**
     * About the {@code n} proven contacts closest to {@code target}, closest first: the nearest
     * ones in id order on either side, ranked by XOR distance (ids sharing a long prefix with the
     * target are numerically next to it). Seeds for a lookup, so close enough is good enough.
     */
    public List<Contact> near(NodeId target, int n) {
        Contact[] found = new Contact[4 * n];
        int count;
        long now = nanoTime.getAsLong();
        synchronized (proven) {
            count = collect(byId.tailMap(target, true).values().iterator(), 2 * n, now, found, 0);
            count = collect(byId.headMap(target, false).descendingMap().values().iterator(), 2 * n, now, found, count);
        }
        return Distance.closest(found, count, target, n);
    }

    /** Adds up to {@code max} unexpired contacts from {@code from} to {@code out} at {@code count}; the new count. */
    private static int collect(Iterator<Proof> from, int max, long now, Contact[] out, int count) {
        for (int taken = 0; taken < max && from.hasNext(); ) {
            Proof p = from.next();
            if (now - p.untilNanos() < 0) {
                out[count++] = p.contact();
                taken++;
            }
        }
        return count;
    }

    private void forget(NodeId id) {
        proven.remove(id);
        byId.remove(id);
    }

    private static int compareNumerically(NodeId a, NodeId b) {
        int byLeading = Long.compareUnsigned(a.leading64(), b.leading64());
        for (int i = 8; byLeading == 0 && i < 32; i++) {
            byLeading = Integer.compare(a.byteAt(i), b.byteAt(i));
        }
        return byLeading;
    }
}
