package io.confchat.api;

import java.util.List;

/**
 * What a {@link Dht#put} achieved.
 *
 * @param stored how many nodes acknowledged storing the record (this node included when it is one
 *     of the closest)
 * @param contacted how many nodes were asked
 * @param refusals the nodes that answered but refused, with their reason
 */
public record PutResult(int stored, int contacted, List<Refusal> refusals) {
    public PutResult {
        refusals = List.copyOf(refusals);
    }

    /** One node's refusal to store a record. */
    public record Refusal(NodeId node, RejectionReason reason, String detail) {}
}
