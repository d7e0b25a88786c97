package io.confchat.bench.support;

import io.confchat.api.NodeId;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Ranks node ids by XOR distance to a target (Kademlia section 2.1), from the benchmark's global
 * view of every node: the k closest are the nodes a put stores on. Not thread-safe to build; the
 * result is read-only.
 */
public final class XorRanking {
    private final byte[][] ids;

    public XorRanking(List<NodeId> nodeIds) {
        this.ids = new byte[nodeIds.size()][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = nodeIds.get(i).bytes();
        }
    }

    /** The indexes of the {@code count} ids closest to {@code target}, as a set. */
    public BitSet closest(NodeId target, int count) {
        byte[] t = target.bytes();
        byte[][] distance = new byte[ids.length][t.length];
        for (int i = 0; i < ids.length; i++) {
            for (int b = 0; b < t.length; b++) {
                distance[i][b] = (byte) (ids[i][b] ^ t[b]);
            }
        }
        BitSet out = new BitSet(ids.length);
        IntStream.range(0, ids.length)
                .boxed()
                .sorted(Comparator.comparing(i -> distance[i], Arrays::compareUnsigned))
                .limit(count)
                .forEach(out::set);
        return out;
    }
}
