package io.confchat.chat.internal.session;

import io.confchat.api.NodeId;
import io.confchat.dht.relay.RelayedEndpoint;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where a live session reaches a user, as its presence says: a node's port directly, or a relay
 * where the user's node holds a reservation (the node behind a NAT). Either way the Noise session
 * runs end to end; the relay sees ciphertext only.
 */
public sealed interface SessionEndpoint {
    /** The node's own address and port. */
    record Direct(InetSocketAddress address) implements SessionEndpoint {
        public Direct {
            Objects.requireNonNull(address, "address");
        }
    }

    /** A relay's address, and the id of the user's node, which holds a reservation there. */
    record Relayed(InetSocketAddress relay, NodeId node) implements SessionEndpoint {
        public Relayed {
            Objects.requireNonNull(relay, "relay");
            Objects.requireNonNull(node, "node");
        }

        public RelayedEndpoint toDht() {
            return new RelayedEndpoint(relay, node);
        }
    }

    /** A direct endpoint. */
    public static SessionEndpoint direct(InetSocketAddress address) {
        return new Direct(address);
    }
}
