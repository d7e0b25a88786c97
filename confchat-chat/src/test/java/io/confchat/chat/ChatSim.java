package io.confchat.chat;

import io.confchat.api.DhtKey;
import io.confchat.api.NodeId;
import io.confchat.api.chat.ChatClient;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.device.DeviceStates;
import io.confchat.chat.internal.proto.UserRecord;
import io.confchat.chat.internal.records.Payloads;
import io.confchat.chat.internal.records.RecordKeys;
import io.confchat.chat.internal.session.SessionNetworks;
import io.confchat.chat.internal.sim.SimulatedStreams;
import io.confchat.chat.sim.SkewedScheduler;
import io.confchat.dht.DhtConfig;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.crypto.NodeIdentity;
import io.confchat.dht.internal.sim.SeededRandom;
import io.confchat.dht.internal.sim.SimulatedNetwork;
import io.confchat.dht.internal.stream.NodeInternals;
import io.confchat.dht.time.ManualScheduler;
import io.confchat.dht.time.Scheduler;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    private final Map<InetSocketAddress, HostileStore> stores = new HashMap<>();
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
            servers.add(server());
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
        return client(device, config, anyServer());
    }

    /** The same, joined through {@code server} (e.g. one on its side of a partition). */
    ChatClient client(DeviceStates device, ChatConfig config, KademliaNode server) {
        return client(device, config, server, SimulatedStreams.Nat.NONE);
    }

    /** A client on a new device whose machine's clock is {@code offset} off (ahead when positive). */
    ChatClient clientWithClockOff(Duration offset) {
        return client(device(), CONFIG, anyServer(), SimulatedStreams.Nat.NONE, new SkewedScheduler(scheduler, offset));
    }

    /** A client on a new device behind {@code nat}: reached through the relays only. */
    ChatClient clientBehind(SimulatedStreams.Nat nat) {
        return client(device(), CONFIG, anyServer(), nat);
    }

    /**
     * A client made the way a user of the library makes one on a DHT of its own: through {@code
     * ConfChat.builder().dht(...).sessions(...)}, its sessions on this network's streams.
     */
    ChatClient clientOnDht() {
        KademliaNode node = node(NodeIdentity.generate(seeded()), anyServer());
        SessionNetwork sessions =
                SessionNetworks.of(streams.transport(node.localAddress(), node.localId(), SimulatedStreams.Nat.NONE));
        return await(ConfChat.builder()
                .dht(node, node.scheduler())
                .sessions(sessions)
                .executor(Runnable::run)
                .random(seeded())
                .config(CONFIG)
                .start());
    }

    private KademliaNode anyServer() {
        return servers.get(seeds.nextInt(servers.size()));
    }

    private ChatClient client(DeviceStates device, ChatConfig config, KademliaNode server, SimulatedStreams.Nat nat) {
        return client(device, config, server, nat, scheduler);
    }

    private ChatClient client(
            DeviceStates device, ChatConfig config, KademliaNode server, SimulatedStreams.Nat nat, Scheduler clock) {
        KademliaNode node = node(NodeIdentity.generate(seeded()), server, clock);
        InetSocketAddress address = node.localAddress();
        return ConfChat.wire(
                node,
                node.scheduler(),
                config,
                Runnable::run,
                streams.transport(address, node.localId(), nat),
                device,
                seeded());
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

    /**
     * A storing node run by an attacker, its id ground to be closer to {@code target} than any
     * other node's, so that every lookup of the key asks it first. Its store is honest until the
     * test scripts it.
     */
    KademliaNode hostileServer(DhtKey target) {
        NodeIdentity identity = closestIdentity(target.asTarget());
        KademliaNode node = node(identity, anyServer());
        servers.add(node);
        return node;
    }

    private NodeIdentity closestIdentity(NodeId target) {
        NodeId best = nodes.stream()
                .map(KademliaNode::localId)
                .min((a, b) -> compareDistance(a, b, target))
                .orElse(null);
        SecureRandom random = seeded();
        for (int attempt = 0; attempt < 100_000; attempt++) {
            NodeIdentity candidate = NodeIdentity.generate(random);
            if (best == null || compareDistance(candidate.id(), best, target) < 0) {
                return candidate;
            }
        }
        throw new IllegalStateException("no identity closer to " + target + " than " + best);
    }

    private static int compareDistance(NodeId a, NodeId b, NodeId target) {
        for (int i = 0; i < NodeId.LENGTH; i++) {
            int c = Integer.compare(a.byteAt(i) ^ target.byteAt(i), b.byteAt(i) ^ target.byteAt(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** {@code name}'s keys, as the first server holds its user record (the attacker's view). */
    UserKeys keysOf(String name) {
        UserRecord u = Payloads.user(
                        store(servers.get(0)).genuine(RecordKeys.user(name)).get(0))
                .orElseThrow();
        return new UserKeys(
                name, u.getIdentityKey().toByteArray(), u.getInboxKey().toByteArray());
    }

    /** How many times any node's store was read for {@code key}. */
    int reads(DhtKey key) {
        return stores.values().stream().mapToInt(s -> s.reads(key)).sum();
    }

    /** The store of {@code node}: every node's store is honest until a test scripts it. */
    HostileStore store(KademliaNode node) {
        return stores.get(node.localAddress());
    }

    /** A new storing node, joined through a random server when there is one. */
    private KademliaNode server() {
        KademliaNode via = servers.isEmpty() ? null : anyServer();
        return node(NodeIdentity.generate(seeded()), via);
    }

    private KademliaNode node(NodeIdentity identity, KademliaNode via) {
        return node(identity, via, scheduler);
    }

    private KademliaNode node(NodeIdentity identity, KademliaNode via, Scheduler clock) {
        HostileStore store = new HostileStore();
        KademliaNode node =
                await(ConfChat.withChatRecordRules(NodeInternals.transport(KademliaNode.builder(), network.transport())
                                .scheduler(clock)
                                .config(dht)
                                .random(seeded())
                                .identity(identity)
                                .recordStore(store)
                                .cryptoExecutor(Runnable::run)) // deterministic: sign on the simulated thread
                        .start());
        stores.put(node.localAddress(), store);
        if (via != null) {
            await(node.bootstrap(List.of(via.localAddress())));
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

    SimulatedNetwork network() {
        return network;
    }

    /** The storing nodes (supernodes), the attacker's included. */
    List<KademliaNode> servers() {
        return servers;
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
        return SeededRandom.of(seeds.nextLong());
    }

    @Override
    public void close() {
        nodes.forEach(KademliaNode::close);
    }
}
