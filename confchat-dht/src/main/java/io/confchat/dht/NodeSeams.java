package io.confchat.dht;

import io.confchat.dht.internal.netty.ProtocolRegistry;
import io.confchat.dht.internal.rpc.Transport;
import io.confchat.dht.internal.stream.HolePunch;
import io.confchat.dht.internal.stream.NodeInternals;
import io.confchat.dht.internal.stream.NodeStreams;
import io.confchat.dht.internal.stream.StreamProtocolHandler;
import io.confchat.dht.relay.RelayedEndpoint;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** The package-private members of nodes and builders that {@link NodeInternals} reaches. */
final class NodeSeams implements NodeInternals.Seams {
    @Override
    public NodeStreams streams(KademliaNode node) {
        return new NodeStreams() {
            @Override
            public void register(String protocolId, StreamProtocolHandler handler) {
                node.registerStreamProtocol(protocolId, handler);
            }

            @Override
            public CompletableFuture<Channel> open(InetSocketAddress to, String protocolId) {
                return node.openStream(to, protocolId);
            }

            @Override
            public CompletableFuture<Channel> openRelayed(RelayedEndpoint to, String protocolId) {
                return node.openRelayedStream(to, protocolId);
            }

            @Override
            public CompletableFuture<HolePunch> prepareHolePunch() {
                return node.prepareHolePunch();
            }
        };
    }

    @Override
    public void transport(KademliaNodeBuilder builder, Function<ProtocolRegistry, Transport> transport) {
        builder.transport(transport);
    }

    @Override
    public void eventLoopGroup(KademliaNodeBuilder builder, EventLoopGroup group) {
        builder.eventLoopGroup(group);
    }
}
