package io.confchat.bench.support;

import io.confchat.dht.DhtConfig;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.internal.netty.NettyTransport;
import io.confchat.dht.internal.stream.NodeInternals;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Real nodes in one JVM on {@code 127.0.0.1}, each with its own UDP and TCP port, all sharing one
 * netty event-loop group; each node keeps the timer thread the builder gives it by default (as a
 * node alone in its process would). Node 0 starts the network; the others join in batches, each
 * through a random node that joined before its batch.
 *
 * <p>Each node runs the netty transport the builder would create itself ({@code
 * NodeInternals.eventLoopGroup(KademliaNode.builder(), group).host("127.0.0.1").port(0)}), wrapped in a {@link
 * CountingTransport} so requests per operation can be reported.
 */
public final class LoopbackNetwork implements AutoCloseable {
    private static final Duration JOIN_LIMIT = Duration.ofSeconds(120);

    private final EventLoopGroup group;
    private final RequestCounter requests = new RequestCounter();
    private final List<KademliaNode> nodes = new ArrayList<>();

    private LoopbackNetwork(int eventLoops) {
        this.group = new MultiThreadIoEventLoopGroup(eventLoops, NioIoHandler.newFactory());
    }

    /**
     * Starts {@code size} nodes and joins them, {@code joinBatch} joins at a time.
     *
     * @throws IllegalStateException if a node cannot start or join
     */
    public static LoopbackNetwork start(int size, int eventLoops, DhtConfig config, int joinBatch, Random random) {
        LoopbackNetwork net = new LoopbackNetwork(eventLoops);
        try {
            List<CompletableFuture<KademliaNode>> starts = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                starts.add(NodeInternals.transport(
                                KademliaNode.builder(),
                                CountingTransport.wrap(
                                        registry -> new NettyTransport("127.0.0.1", 0, net.group, registry),
                                        net.requests))
                        .config(config)
                        .start());
            }
            for (CompletableFuture<KademliaNode> s : starts) {
                net.nodes.add(s.orTimeout(30, TimeUnit.SECONDS).join());
            }
            Awaiter awaiter = Awaiter.wallClock(JOIN_LIMIT);
            for (int joined = 1; joined < size; joined += joinBatch) {
                List<CompletableFuture<Void>> joins = new ArrayList<>();
                for (int i = joined; i < Math.min(size, joined + joinBatch); i++) {
                    KademliaNode seed = net.nodes.get(random.nextInt(joined));
                    joins.add(net.nodes.get(i).bootstrap(List.of(seed.localAddress())));
                }
                awaiter.await(CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)));
            }
            return net;
        } catch (RuntimeException e) {
            net.close();
            throw new IllegalStateException("could not start a loopback network of " + size + " nodes", e);
        }
    }

    public List<KademliaNode> nodes() {
        return nodes;
    }

    public KademliaNode node(int i) {
        return nodes.get(i);
    }

    /** Requests every node has sent so far. */
    public RequestCounter requests() {
        return requests;
    }

    /** Mean routing-table size. */
    public double meanContacts() {
        return nodes.stream().mapToInt(n -> n.contacts().size()).average().orElse(0);
    }

    @Override
    public void close() {
        nodes.forEach(KademliaNode::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
