package io.confchat.api;

import java.util.List;
import java.util.Objects;

/**
 * What one replica of a key answered to a {@link Dht#answers} lookup: the node, whose id it
 * proved, and the valid records it holds under the key (newest per owner and slot). A reader that
 * must not trust any single node (who owns a name, for example) counts the replicas that agree.
 *
 * @param node the replica's proven id (this node's own id when it is one of the key's replicas)
 * @param records the records it returned, each with a verified signature
 */
public record ReplicaAnswer(NodeId node, List<SignedRecord> records) {
    public ReplicaAnswer {
        Objects.requireNonNull(node, "node");
        records = List.copyOf(records);
    }
}
