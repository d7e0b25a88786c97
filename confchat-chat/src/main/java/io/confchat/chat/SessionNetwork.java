package io.confchat.chat;

import io.confchat.chat.internal.session.NodeSessionTransport;
import io.confchat.chat.internal.session.SessionNetworks;
import io.confchat.chat.internal.session.SessionTransport;
import io.confchat.dht.KademliaNode;
import java.util.Objects;

/**
 * Where a chat client's live sessions get their connections to peers: a handle, given to {@link
 * ConfChat#sessions} next to the {@link io.confchat.api.Dht} that carries the client's records
 * ({@link ConfChat#dht}). A node's
 * own ({@link #of(KademliaNode)}) dials peers directly, through relays and by hole punching on the
 * node's shared port; an in-memory one on manual time comes from the test kit. Immutable and
 * thread-safe; used by one client.
 */
public final class SessionNetwork {
    static {
        SessionNetworks.install(SessionNetwork::new);
    }

    private final SessionTransport transport;

    private SessionNetwork(SessionTransport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /**
     * The session connections of a running node: the stream protocol {@code /confchat/chat/1} on
     * its TCP port, reached directly or through the relays where it holds reservations.
     */
    public static SessionNetwork of(KademliaNode node) {
        return new SessionNetwork(new NodeSessionTransport(Objects.requireNonNull(node, "node")));
    }

    SessionTransport transport() {
        return transport;
    }
}
