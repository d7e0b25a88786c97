package io.confchat.api;

/**
 * How many requests of one {@link RpcKind} a node has sent and answered since it started: counters
 * that only grow, so a rate is the difference of two snapshots divided by the time between them.
 *
 * @param sent requests this node sent (a request retried over a stream after a truncated datagram
 *     reply counts once)
 * @param received requests other nodes sent to this one, well-formed enough to be decoded
 * @param timedOut requests this node sent that got no reply in time (a subset of {@code sent})
 */
public record RpcCounts(long sent, long received, long timedOut) {
    /** No request either way. */
    public static final RpcCounts NONE = new RpcCounts(0, 0, 0);

    public RpcCounts {
        if (sent < 0 || received < 0 || timedOut < 0) {
            throw new IllegalArgumentException("counts cannot be negative");
        }
    }
}
