package io.confchat.dht.internal.stream;

import io.confchat.dht.KademliaNode;
import io.confchat.dht.KademliaNodeBuilder;
import io.confchat.dht.internal.netty.ProtocolRegistry;
import io.confchat.dht.internal.rpc.Transport;
import io.netty.channel.EventLoopGroup;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the chat layer, the test fixtures and the benchmarks need of a node beyond its exported
 * API: its netty streams, a replaced transport, shared event loops. Kept here so that no netty or
 * internal type appears in an exported signature (docs/architecture.md#module-boundary); the
 * package is exported only to {@code io.confchat.chat}.
 *
 * <p>{@code KademliaNode} installs the implementation when its class initializes, which happens
 * before any node or builder exists (the methods here take one), after the pattern of the JDK's
 * {@code SharedSecrets}.
 */
public final class NodeInternals {
    private static volatile Seams seams;

    private NodeInternals() {}

    /** The seams {@code io.confchat.dht} implements with package-private members. */
    public interface Seams {
        NodeStreams streams(KademliaNode node);

        void transport(KademliaNodeBuilder builder, Function<ProtocolRegistry, Transport> transport);

        void eventLoopGroup(KademliaNodeBuilder builder, EventLoopGroup group);
    }

    /**
     * Called once, by {@code KademliaNode}'s static initializer.
     *
     * @throws IllegalStateException on any later call
     */
    public static synchronized void install(Seams implementation) {
        if (seams != null) {
            throw new IllegalStateException("the node seams are installed already");
        }
        seams = Objects.requireNonNull(implementation, "implementation");
    }

    /** The stream connections of {@code node}. */
    public static NodeStreams streams(KademliaNode node) {
        return seams.streams(Objects.requireNonNull(node, "node"));
    }

    /**
     * Replaces the netty transport of the node {@code builder} starts, e.g. by the simulated
     * network of the test fixtures; may be given once.
     */
    public static KademliaNodeBuilder transport(
            KademliaNodeBuilder builder, Function<ProtocolRegistry, Transport> transport) {
        seams.transport(Objects.requireNonNull(builder, "builder"), transport);
        return builder;
    }

    /**
     * Shares netty event loops between the nodes of one process (tests, benchmarks); the caller
     * shuts them down. May be given once.
     */
    public static KademliaNodeBuilder eventLoopGroup(KademliaNodeBuilder builder, EventLoopGroup group) {
        seams.eventLoopGroup(Objects.requireNonNull(builder, "builder"), group);
        return builder;
    }
}
