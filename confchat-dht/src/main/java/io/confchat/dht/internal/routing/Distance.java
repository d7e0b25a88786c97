package io.confchat.dht.internal.routing;

import io.confchat.api.Contact;
import io.confchat.api.NodeId;
import java.util.Comparator;
import java.util.List;

/** The Kademlia XOR metric (Maymounkov and Mazieres, section 2.1). */
public final class Distance {
    private Distance() {}

    /**
     * Compares the distances of {@code a} and {@code b} to {@code target}: negative when {@code a}
     * is closer. Allocation-free.
     */
    public static int compare(NodeId target, NodeId a, NodeId b) {
        long t = target.leading64();
        long da = a.leading64() ^ t;
        long db = b.leading64() ^ t;
        if (da != db) {
            return Long.compareUnsigned(da, db);
        }
        for (int i = 8; i < 32; i++) {
            int tb = target.byteAt(i);
            int xa = a.byteAt(i) ^ tb;
            int xb = b.byteAt(i) ^ tb;
            if (xa != xb) {
                return Integer.compare(xa, xb);
            }
        }
        return 0;
    }

    /** Longest range sorted by insertion (a bucket's worth); longer ones by merge sort. */
    private static final int INSERTION_SORT_MAX = 24;

    /**
     * Sorts {@code contacts[from, to)} by distance to {@code target}, closest first: for the few
     * contacts of one bucket an insertion sort on the leading 64 bits of each distance (no
     * comparator objects, no allocation beyond two small arrays), for longer ranges a merge sort.
     */
    public static void sort(List<Contact> contacts, int from, int to, NodeId target) {
        int n = to - from;
        if (n < 2) {
            return;
        }
        if (n > INSERTION_SORT_MAX) {
            contacts.subList(from, to).sort(byDistanceTo(target)); // quadratic no more
            return;
        }
        long t = target.leading64();
        Contact[] c = new Contact[n];
        long[] key = new long[n];
        for (int i = 0; i < n; i++) {
            c[i] = contacts.get(from + i);
            key[i] = c[i].id().leading64() ^ t;
        }
        for (int i = 1; i < n; i++) {
            insert(target, c, key, i, c[i], key[i]);
        }
        for (int i = 0; i < n; i++) {
            contacts.set(from + i, c[i]);
        }
    }

    /**
     * The {@code n} contacts of {@code contacts[0, count)} closest to {@code target}, closest first
     * (all of them if fewer): the first {@code n} of a sort by distance, without sorting the rest. A
     * bounded insertion on the leading 64 bits of each distance, like {@link #sort} on one bucket.
     * Unmodifiable.
     */
    public static List<Contact> closest(Contact[] contacts, int count, NodeId target, int n) {
        int m = Math.min(n, count);
        if (m <= 0) {
            return List.of();
        }
        long t = target.leading64();
        Contact[] best = new Contact[m];
        long[] key = new long[m];
        int size = 0;
        for (int i = 0; i < count; i++) {
            Contact ci = contacts[i];
            long ki = ci.id().leading64() ^ t;
            if (size == m && !closer(target, ki, ci, key[m - 1], best[m - 1])) {
                continue;
            }
            insert(target, best, key, size < m ? size++ : m - 1, ci, ki);
        }
        return List.of(best);
    }

    /**
     * Puts {@code ci} (leading distance {@code ki}) into {@code c[0, hole]}, whose first {@code
     * hole} entries are sorted, shifting the farther ones one place up over the free slot {@code hole}.
     */
    private static void insert(NodeId target, Contact[] c, long[] key, int hole, Contact ci, long ki) {
        int j = hole;
        while (j > 0 && closer(target, ki, ci, key[j - 1], c[j - 1])) {
            c[j] = c[j - 1];
            key[j] = key[j - 1];
            j--;
        }
        c[j] = ci;
        key[j] = ki;
    }

    private static boolean closer(NodeId target, long ka, Contact a, long kb, Contact b) {
        int byLeading = Long.compareUnsigned(ka, kb);
        return byLeading != 0 ? byLeading < 0 : compare(target, a.id(), b.id()) < 0;
    }

    /** Orders contacts by distance of their ids to {@code target}, closest first. */
    public static Comparator<Contact> byDistanceTo(NodeId target) {
        return (x, y) -> compare(target, x.id(), y.id());
    }

    /** Orders ids by distance to {@code target}, closest first. */
    public static Comparator<NodeId> idsByDistanceTo(NodeId target) {
        return (x, y) -> compare(target, x, y);
    }

    /**
     * Number of leading bits {@code a} and {@code b} share: 256 for equal ids, 0 when the first
     * bit differs. It is the index of the k-bucket {@code b} belongs to in {@code a}'s table.
     */
    public static int commonPrefixLength(NodeId a, NodeId b) {
        for (int i = 0; i < 32; i++) {
            int x = a.byteAt(i) ^ b.byteAt(i);
            if (x != 0) {
                return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
            }
        }
        return 256;
    }

    /** As {@link #commonPrefixLength(NodeId, NodeId)} on raw 32-byte ids, without allocating. */
    public static int commonPrefixLength(byte[] a, byte[] b) {
        for (int i = 0; i < 32; i++) {
            int x = (a[i] ^ b[i]) & 0xff;
            if (x != 0) {
                return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
            }
        }
        return 256;
    }
}
