package io.confchat.api;

import java.util.List;

/**
 * What a {@link Dht#put} achieved, node by node. Every node asked appears exactly once: in {@code
 * storedOn}, in {@code refusals} (with the reason it gave) or in {@code unanswered}. Only nodes
 * that proved their id are asked, so a refusal is the word of a real node, but any one node may
 * still refuse for its own reasons (a full quota, or a hostile node claiming a rule): callers that
 * act on refusals should weigh how many of the nodes refused, and why.
 *
 * @param stored how many nodes acknowledged storing the record (this node included when it is one
 *     of the closest)
 * @param contacted how many nodes were asked
 * @param refusals the nodes that answered but refused, with their reason
 * @param storedOn the nodes that acknowledged storing it
 * @param unanswered the nodes that did not answer in time
 */
public record PutResult(
        int stored, int contacted, List<Refusal> refusals, List<NodeId> storedOn, List<NodeId> unanswered) {
    public PutResult {
        refusals = List.copyOf(refusals);
        storedOn = List.copyOf(storedOn);
        unanswered = List.copyOf(unanswered);
    }

    /** A result that names no node: only counts and refusals (for callers built before per-node outcomes). */
    public PutResult(int stored, int contacted, List<Refusal> refusals) {
        this(stored, contacted, refusals, List.of(), List.of());
    }

    /** How many of the nodes that answered refused with {@code reason}. */
    public long refusedWith(RejectionReason reason) {
        return refusals.stream().filter(r -> r.reason() == reason).count();
    }

    /** One node's refusal to store a record. */
    public record Refusal(NodeId node, RejectionReason reason, String detail) {}
}
