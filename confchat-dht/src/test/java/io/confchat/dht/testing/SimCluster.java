package io.confchat.dht.testing;

import io.confchat.dht.KademliaNode;
import io.confchat.dht.KademliaNodeBuilder;
import io.confchat.dht.internal.netty.ProtocolRegistry;
import io.confchat.dht.internal.rpc.Transport;
import io.confchat.dht.internal.sim.SimulatedNetwork;
import io.confchat.dht.internal.stream.NodeInternals;
import io.confchat.dht.time.ManualScheduler;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A network of {@link KademliaNode}s on a {@link SimulatedNetwork}: node 0 starts it, every other
 * node bootstraps through a random earlier one. Everything runs on the calling thread.
 */
public final class SimCluster implements AutoCloseable {
    private final ManualScheduler scheduler = new ManualScheduler();
    private final SimulatedNetwork network;
    private final List<KademliaNode> nodes = new ArrayList<>();
    private final List<KademliaNode> alive = new ArrayList<>();
    private final Random random;

    private SimCluster(long seed) {
        this.network = new SimulatedNetwork(scheduler, seed);
        this.random = new Random(seed);
    }

    /** A cluster with the default config; see {@link #of(int, long, UnaryOperator)}. */
    public static SimCluster of(int size, long seed) {
        return of(size, seed, b -> b);
    }

    /** Starts {@code size} joined nodes; {@code customize} may add settings to each builder. */
    public static SimCluster of(int size, long seed, UnaryOperator<KademliaNodeBuilder> customize) {
        return ofSize(size, seed, customize);
    }

    /** An empty cluster; add nodes with {@link #addNode} or {@link #addNodeAt}. */
    public static SimCluster empty(long seed) {
        return new SimCluster(seed);
    }

    private static SimCluster ofSize(int size, long seed, UnaryOperator<KademliaNodeBuilder> customize) {
        SimCluster cluster = new SimCluster(seed);
        for (int i = 0; i < size; i++) {
            cluster.addNode(customize);
        }
        return cluster;
    }

    /** Starts one more node and joins it through a random existing one. */
    public KademliaNode addNode(UnaryOperator<KademliaNodeBuilder> customize) {
        return addNode(network.transport(), customize);
    }

    /** Starts one more node at {@code ip} (see {@link SimulatedNetwork#transportAt}) and joins it. */
    public KademliaNode addNodeAt(InetAddress ip, UnaryOperator<KademliaNodeBuilder> customize) {
        return addNode(network.transportAt(ip), customize);
    }

    private KademliaNode addNode(
            Function<ProtocolRegistry, Transport> transport, UnaryOperator<KademliaNodeBuilder> customize) {
        KademliaNodeBuilder builder = NodeInternals.transport(KademliaNode.builder(), transport)
                .scheduler(scheduler)
                .cryptoExecutor(Runnable::run); // deterministic: sign on the simulated thread
        KademliaNode node = scheduler.await(customize.apply(builder).start(), Duration.ofSeconds(5));
        if (!alive.isEmpty()) {
            KademliaNode seed = alive.get(random.nextInt(alive.size()));
            scheduler.await(node.bootstrap(List.of(seed.localAddress())), Duration.ofMinutes(2));
        }
        nodes.add(node);
        alive.add(node);
        return node;
    }

    /** Cuts a node off the network, as if it crashed; it is no longer chosen as a seed. */
    public void kill(KademliaNode node) {
        network.kill(node.localAddress());
        alive.remove(node);
    }

    /** The nodes not killed, in the order they joined. */
    public List<KademliaNode> alive() {
        return List.copyOf(alive);
    }

    public List<KademliaNode> nodes() {
        return nodes;
    }

    public KademliaNode node(int i) {
        return nodes.get(i);
    }

    public ManualScheduler scheduler() {
        return scheduler;
    }

    public SimulatedNetwork network() {
        return network;
    }

    public Random random() {
        return random;
    }

    @Override
    public void close() {
        nodes.forEach(KademliaNode::close);
    }
}
