package io.confchat.bench.group;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.ChatListener;
import io.confchat.bench.support.SimulatedDht;
import io.confchat.chat.ChatConfig;
import io.confchat.chat.internal.sim.ClientWiring;
import io.confchat.chat.internal.sim.SimulatedStreams;
import io.confchat.dht.DhtConfig;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.NodeSnapshot;
import io.confchat.dht.internal.sim.SeededRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Members on the simulated network: {@code supernodes} DHT nodes and one node per member, every
 * packet and session byte encoded, encrypted and checked as on real sockets, on one thread with
 * manual time (1-10 ms per packet each way). Deterministic for a seed.
 */
final class SimulatedMembers implements Members {
    private static final Duration LIMIT = Duration.ofMinutes(10);

    private final SimulatedDht dht;
    private final List<ChatClient> clients = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    SimulatedMembers(int supernodes, int members, long seed, Function<String, ChatListener> listeners) {
        Random random = new Random(seed);
        dht = new SimulatedDht(seed, DhtConfig.defaults());
        SimulatedStreams streams = new SimulatedStreams(dht.scheduler(), seed + 1);
        dht.join(supernodes, random);
        ChatConfig config =
                ChatConfig.builder().bcryptCost(ChatConfig.MIN_BCRYPT_COST).build();
        for (int i = 0; i < members; i++) {
            dht.join(1, random);
            KademliaNode node = dht.nodes().get(dht.nodes().size() - 1);
            ChatClient client = ClientWiring.simulatedClient(
                    node,
                    dht.scheduler(),
                    config,
                    streams.transport(node.localAddress()),
                    SeededRandom.of(random.nextLong()));
            String name = GroupFanOut.name(i);
            client.addListener(listeners.apply(name));
            await(client.register(name, GroupFanOut.PASSWORD));
            await(client.login(name, GroupFanOut.PASSWORD));
            clients.add(client);
            names.add(name);
        }
    }

    @Override
    public List<ChatClient> clients() {
        return clients;
    }

    @Override
    public List<String> names() {
        return names;
    }

    @Override
    public <T> T await(CompletableFuture<T> future) {
        return dht.scheduler().await(future, LIMIT);
    }

    @Override
    public long nanoTime() {
        return dht.scheduler().nanoTime();
    }

    @Override
    public void pass(Duration duration) {
        dht.scheduler().advance(duration);
    }

    @Override
    public long storedBytes() {
        return dht.nodes().stream().mapToLong(n -> n.snapshot().storedBytes()).sum();
    }

    @Override
    public List<NodeSnapshot> snapshots() {
        return dht.nodes().stream().map(KademliaNode::snapshot).toList();
    }

    @Override
    public long datagrams() {
        return dht.network().datagramsSent();
    }

    @Override
    public void close() {
        dht.close();
    }
}
