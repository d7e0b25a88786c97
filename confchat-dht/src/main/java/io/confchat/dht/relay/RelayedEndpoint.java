package io.confchat.dht.relay;

import io.confchat.api.NodeId;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where a node that others cannot dial holds a reservation: the relay's address and the node's
 * id, which the relay knows it by (libp2p's {@code /p2p/<relay>/p2p-circuit/p2p/<node>}). A
 * dialer opens a circuit there with {@code KademliaNode.openRelayedStream}.
 */
public record RelayedEndpoint(InetSocketAddress relay, NodeId target) {
    public RelayedEndpoint {
        Objects.requireNonNull(relay, "relay");
        Objects.requireNonNull(target, "target");
    }
}
