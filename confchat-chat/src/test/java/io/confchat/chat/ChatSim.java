package io.confchat.chat;

import io.confchat.api.chat.ChatClient;
import io.confchat.chat.internal.device.DeviceStates;
import io.confchat.chat.sim.SimulatedStreams;
import io.confchat.dht.DhtConfig;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.testing.ManualScheduler;
import io.confchat.dht.testing.SimulatedNetwork;
import java.net.InetSocketAddress;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * A chat network in one thread, on manual time: DHT nodes on the {@link SimulatedNetwork}, live
 * sessions on {@link SimulatedStreams}, chat clients built exactly as in production except for
 * their transports, their executor (the test's thread) and their randomness (seeded, so a run
 * replays from its seed). Nothing opens a socket or reads the system clock.
 */
final class ChatSim implements AutoCloseable {
    /** Production settings, with bcrypt at the test cost. */
    static final ChatConfig CONFIG =
            ChatConfig.builder().bcryptCost(ChatConfig.MIN_BCRYPT_COST).build();

    private final ManualScheduler scheduler = new ManualScheduler();
    private final Random seeds;
    private final SimulatedNetwork network;
    private final SimulatedStreams streams;
    private final List<KademliaNode> servers = new ArrayList<>();
    private final List<KademliaNode> nodes = new ArrayList<>();
    private final DhtConfig dht;

    /** A network of {@code serverCount} DHT nodes storing chat records (like supernodes). */
    ChatSim(long seed, int serverCount) {
        this(seed, serverCount, DhtConfig.defaults());
    }

    /** The same with these DHT settings (a smaller k keeps a long run of joins cheap). */
    ChatSim(long seed, int serverCount, DhtConfig dht) {
        this.dht = dht;
        this.seeds = new Random(seed);
        this.network = new SimulatedNetwork(scheduler, seeds.nextLong());
        this.streams = new SimulatedStreams(scheduler, seeds.nextLong());
        for (int i = 0; i < serverCount; i++) {
            servers.add(node());
        }
    }

    /** A device: what it remembers of its users survives a crash of the client on it, as a disk would. */
    static DeviceStates device() {
        return new DeviceStates(48L * 1024 * CONFIG.historyRetentionChunks());
    }

    /** A client on a new device. */
    ChatClient client() {
        return client(device(), CONFIG);
    }

    /** A client on {@code device} with these settings, on a new node joined through a server. */
    ChatClient client(DeviceStates device, ChatConfig config) {
        return client(device, config, SimulatedStreams.Nat.NONE);
    }

    /** A client on a new device behind {@code nat}: reached through the relays only. */
    ChatClient clientBehind(SimulatedStreams.Nat nat) {
        return client(device(), CONFIG, nat);
    }

    private ChatClient client(DeviceStates device, ChatConfig config, SimulatedStreams.Nat nat) {
        KademliaNode node = node();
        InetSocketAddress address = node.localAddress();
        return ConfChat.wire(
                node, config, Runnable::run, streams.transport(address, node.localId(), nat), device, seeded());
    }

    /** The first {@code n} servers serve as relays too (as supernodes do). */
    void serversRelay(int n) {
        servers.subList(0, n).forEach(s -> streams.addRelay(s.localAddress()));
    }

    /** Server {@code i}'s process dies: its DHT node and the circuits it relayed go with it. */
    void crashServer(int i) {
        InetSocketAddress address = servers.get(i).localAddress();
        streams.crash(address);
        network.kill(address);
    }

    private KademliaNode node() {
        KademliaNode node = await(ConfChat.withChatRecordRules(KademliaNode.builder()
                        .scheduler(scheduler)
                        .config(dht)
                        .transport(network.transport())
                        .random(seeded())
                        .cryptoExecutor(Runnable::run)) // deterministic: sign on the simulated thread
                .start());
        if (!servers.isEmpty()) {
            await(node.bootstrap(
                    List.of(servers.get(seeds.nextInt(servers.size())).localAddress())));
        }
        nodes.add(node);
        return node;
    }

    /** The client's process dies: no goodbye, no offline record; peers see its connections close. */
    void crash(ChatClient client) {
        InetSocketAddress address = client.localAddress();
        Internals.front(client).crash();
        streams.crash(address);
        network.kill(address);
    }

    /** The client's machine loses power: nobody is told anything, its connections go silent. */
    void cut(ChatClient client) {
        InetSocketAddress address = client.localAddress();
        streams.cut(address);
        network.kill(address);
        Internals.front(client).crash();
    }

    /** Runs tasks until {@code future} completes (at most 10 minutes of simulated time). */
    <T> T await(CompletableFuture<T> future) {
        return scheduler.await(future, Duration.ofMinutes(10));
    }

    /** Lets {@code d} of simulated time pass, running everything due. */
    void advance(Duration d) {
        scheduler.advance(d);
    }

    ManualScheduler scheduler() {
        return scheduler;
    }

    SimulatedStreams streams() {
        return streams;
    }

    List<KademliaNode> nodes() {
        return nodes;
    }

    private SecureRandom seeded() {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seeds.nextLong());
            return r;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        nodes.forEach(KademliaNode::close);
    }
}
