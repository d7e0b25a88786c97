package io.confchat.bench.support;

import io.confchat.chat.ConfChat;
import io.confchat.dht.DhtConfig;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.internal.sim.SimulatedNetwork;
import io.confchat.dht.internal.stream.NodeInternals;
import io.confchat.dht.time.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * Many nodes on the {@link SimulatedNetwork} of the dht test fixtures, all on the calling thread
 * with a {@link ManualScheduler}. Unlike {@code SimCluster}, nodes join in concurrent batches,
 * which a network of ten thousand nodes needs. Nodes store chat records under the chat layer's
 * rules, as supernodes do. Every message is still encoded, decoded and
 * signature-checked as on real sockets; only the sockets and the clock are simulated.
 */
public final class SimulatedDht implements AutoCloseable {
    private static final Duration START_LIMIT = Duration.ofSeconds(5);
    private static final Duration JOIN_LIMIT = Duration.ofMinutes(10);

    private final ManualScheduler scheduler = new ManualScheduler();
    private final SimulatedNetwork network;
    private final RequestCounter requests = new RequestCounter();
    private final DhtConfig config;
    private final List<KademliaNode> nodes = new ArrayList<>();

    public SimulatedDht(long seed, DhtConfig config) {
        this.network = new SimulatedNetwork(scheduler, seed);
        this.config = config;
    }

    /**
     * Starts {@code count} more nodes; each joins through a random node that had joined before.
     *
     * @return how many of the joins failed
     */
    public int join(int count, Random random) {
        List<KademliaNode> fresh = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            fresh.add(scheduler.await(
                    ConfChat.withChatRecordRules(NodeInternals.transport(
                                    KademliaNode.builder(), CountingTransport.wrap(network.transport(), requests)))
                            .config(config)
                            .scheduler(scheduler)
                            .cryptoExecutor(Runnable::run) // one thread: the simulation stays deterministic
                            .start(),
                    START_LIMIT));
        }
        List<CompletableFuture<Boolean>> joins = new ArrayList<>();
        if (nodes.isEmpty()) {
            nodes.add(fresh.remove(0)); // the first node starts the network
        }
        int before = nodes.size();
        for (KademliaNode node : fresh) {
            KademliaNode seed = nodes.get(random.nextInt(before));
            joins.add(node.bootstrap(List.of(seed.localAddress())).handle((ok, error) -> error == null));
        }
        scheduler.await(CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)), JOIN_LIMIT);
        nodes.addAll(fresh);
        return (int) joins.stream().filter(j -> !j.join()).count();
    }

    /** Waits by running simulated time, at most {@code limit} of it. */
    public Awaiter awaiter(Duration limit) {
        return new Awaiter() {
            @Override
            public <T> T await(CompletableFuture<T> future) {
                return scheduler.await(future, limit);
            }
        };
    }

    public List<KademliaNode> nodes() {
        return nodes;
    }

    public ManualScheduler scheduler() {
        return scheduler;
    }

    public SimulatedNetwork network() {
        return network;
    }

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
    }
}
