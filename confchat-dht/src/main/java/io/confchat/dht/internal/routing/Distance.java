package io.confchat.dht.internal.routing;

import io.confchat.api.Contact;
import io.confchat.api.NodeId;
import java.util.Comparator;

/** The Kademlia XOR metric (Maymounkov and Mazieres, section 2.1). */
public final class Distance {
    private Distance() {}

    /**
     * Compares the distances of {@code a} and {@code b} to {@code target}: negative when {@code a}
     * is closer. Allocation-free.
     */
    public static int compare(NodeId target, NodeId a, NodeId b) {
        for (int i = 0; i < 32; i++) {
            int t = target.byteAt(i);
            int da = a.byteAt(i) ^ t;
            int db = b.byteAt(i) ^ t;
            if (da != db) {
                return Integer.compare(da, db);
            }
        }
        return 0;
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
