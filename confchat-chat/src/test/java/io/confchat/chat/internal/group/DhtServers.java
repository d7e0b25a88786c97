package io.confchat.chat.internal.group;

import io.confchat.chat.ConfChat;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.crypto.NodeIdentity;
import io.confchat.dht.internal.sim.SeededRandom;
import io.confchat.dht.internal.sim.SimulatedNetwork;
import io.confchat.dht.internal.stream.NodeInternals;
import io.confchat.dht.time.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * DHT nodes with the chat record rules on the simulated network, with manual time, for the tests
 * of this package that put group records through storing nodes. Close it after the test.
 */
final class DhtServers implements AutoCloseable {
    final ManualScheduler scheduler = new ManualScheduler();
    private final Random seeds;
    private final SimulatedNetwork network;
    private final List<KademliaNode> nodes = new ArrayList<>();

    /** Starts {@code count} nodes, each bootstrapped from the first. */
    DhtServers(int count, long seed) {
        seeds = new Random(seed);
        network = new SimulatedNetwork(scheduler, seeds.nextLong());
        for (int i = 0; i < count; i++) {
            KademliaNode node = await(
                    ConfChat.withChatRecordRules(NodeInternals.transport(KademliaNode.builder(), network.transport())
                                    .scheduler(scheduler)
                                    .random(SeededRandom.of(seeds.nextLong()))
                                    .identity(NodeIdentity.generate(SeededRandom.of(seeds.nextLong())))
                                    .cryptoExecutor(Runnable::run))
                            .start());
            if (!nodes.isEmpty()) {
                await(node.bootstrap(List.of(nodes.get(0).localAddress())));
            }
            nodes.add(node);
        }
    }

    /** A group archive reading and writing through node {@code i}. */
    GroupArchive archive(int i) {
        return new GroupArchive(nodes.get(i % nodes.size()));
    }

    <T> T await(CompletableFuture<T> f) {
        return scheduler.await(f, Duration.ofMinutes(10));
    }

    @Override
    public void close() {
        nodes.forEach(KademliaNode::close);
    }
}
