package io.confchat.dht;

import io.confchat.api.NodeId;
import io.confchat.dht.relay.RelayedEndpoint;
import java.util.Objects;

/**
 * An important change of a {@link KademliaNode}, told to the listeners of {@link
 * KademliaNode#addEventListener}: one value per change, in the order the changes happened.
 * Switch over the permitted types; new ones may be added in later versions (keep a default).
 */
public sealed interface NodeEvent {

    /** The node whose event this is. */
    NodeId node();

    /** The node's reachability checks reached a new verdict. */
    record ReachabilityChanged(NodeId node, Reachability previous, Reachability now) implements NodeEvent {}

    /** The node, not reachable by dialing, now holds a reservation at a relay: dialers reach it there. */
    record RelayReserved(NodeId node, RelayedEndpoint endpoint) implements NodeEvent {}

    /** A relay reservation ended (the relay went away or refused, or the node became reachable). */
    record RelayLost(NodeId node, RelayedEndpoint endpoint) implements NodeEvent {}

    /** The routing table went from empty to its first contact: the node is in a network. */
    record NetworkJoined(NodeId node) implements NodeEvent {}

    /** The routing table lost its last contact: the node knows no other node now. */
    record NetworkLost(NodeId node) implements NodeEvent {}

    /**
     * The node refused records because a storage quota was full ({@code RejectionReason
     * .QUOTA_EXCEEDED}). Told at most once per {@link KademliaNode#QUOTA_EVENT_INTERVAL}, so a
     * flood of refusals is one event per interval.
     *
     * @param refusals how many records were refused since the last such event (at least 1)
     * @param totalRefusals refusals since the node started
     */
    record QuotaRefused(NodeId node, long refusals, long totalRefusals) implements NodeEvent {
        public QuotaRefused {
            Objects.requireNonNull(node, "node");
        }
    }
}
