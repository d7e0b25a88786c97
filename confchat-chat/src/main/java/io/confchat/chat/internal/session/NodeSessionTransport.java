package io.confchat.chat.internal.session;

import io.confchat.dht.KademliaNode;
import io.confchat.dht.internal.stream.HolePunch;
import io.confchat.dht.internal.stream.NodeInternals;
import io.confchat.dht.internal.stream.NodeStreams;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Sessions on a node's shared TCP port, as the stream protocol {@value Sessions#PROTOCOL_ID}:
 * dialed directly or through a relay, reached at the node's relayed endpoints first (a node others
 * cannot dial holds them) and then at its advertised ones; hole punches on ports of the node's.
 */
public final class NodeSessionTransport implements SessionTransport {
    private final KademliaNode node;
    private final NodeStreams streams;

    public NodeSessionTransport(KademliaNode node) {
        this.node = node;
        this.streams = NodeInternals.streams(node);
    }

    @Override
    public void serve(Consumer<Channel> acceptor) {
        streams.register(Sessions.PROTOCOL_ID, acceptor::accept);
    }

    @Override
    public CompletableFuture<Channel> open(SessionEndpoint to) {
        if (to instanceof SessionEndpoint.Relayed r) {
            return streams.openRelayed(r.toDht(), Sessions.PROTOCOL_ID);
        }
        return streams.open(((SessionEndpoint.Direct) to).address(), Sessions.PROTOCOL_ID);
    }

    @Override
    public List<SessionEndpoint> endpoints() {
        List<SessionEndpoint> out = new ArrayList<>();
        node.relayedEndpoints().forEach(r -> out.add(new SessionEndpoint.Relayed(r.relay(), r.target())));
        node.advertisedEndpoints().forEach(a -> out.add(new SessionEndpoint.Direct(a)));
        return out;
    }

    @Override
    public Optional<Punching> punching() {
        return Optional.of(new Punching() {
            @Override
            public CompletableFuture<HolePunch> prepare() {
                return streams.prepareHolePunch();
            }

            @Override
            public List<InetAddress> addresses() {
                Set<InetAddress> out = new LinkedHashSet<>();
                node.observedEndpoints().forEach(e -> out.add(e.getAddress()));
                for (InetSocketAddress a : node.advertisedEndpoints()) {
                    out.add(a.getAddress());
                }
                return List.copyOf(out);
            }
        });
    }
}
