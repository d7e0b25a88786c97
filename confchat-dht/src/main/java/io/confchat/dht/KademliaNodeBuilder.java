package io.confchat.dht;

import io.confchat.api.ConfChatException;
import io.confchat.dht.crypto.NodeIdentity;
import io.confchat.dht.internal.netty.NettyTransport;
import io.confchat.dht.internal.netty.ProtocolRegistry;
import io.confchat.dht.internal.rpc.RpcEndpoint;
import io.confchat.dht.internal.rpc.RttEstimator;
import io.confchat.dht.internal.rpc.Transport;
import io.confchat.dht.internal.storage.RecordStorage;
import io.confchat.dht.internal.storage.VerifiedSignatures;
import io.confchat.dht.internal.stream.HolePunch;
import io.confchat.dht.internal.stream.NodeInternals;
import io.confchat.dht.internal.stream.StreamProtocolHandler;
import io.confchat.dht.record.RecordValidator;
import io.confchat.dht.relay.RelayLimits;
import io.confchat.dht.store.InMemoryRecordStore;
import io.confchat.dht.store.MvStoreRecordStore;
import io.confchat.dht.store.RecordStore;
import io.confchat.dht.time.Scheduler;
import io.confchat.dht.time.SystemScheduler;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

/**
 * Configures and starts a {@link KademliaNode}. Every setting is optional and may be given once
 * (a second call is a programming error and throws {@link IllegalStateException}).
 *
 * <p>Defaults: a fresh identity, every interface (IPv4 and IPv6) on a free port, {@link
 * DhtConfig#defaults()}, the system clock, an in-memory store, and a one-thread event loop of the
 * node's own. Tests bind {@code 127.0.0.1} explicitly. What the node tells peers to reach it at is
 * {@link KademliaNode#advertisedEndpoints()}.
 */
public final class KademliaNodeBuilder {
    private NodeIdentity identity;
    private String host;
    private InetSocketAddress advertised;
    private Integer port;
    private DhtConfig config;
    private Scheduler scheduler;
    private RecordStore store;
    private EventLoopGroup eventLoopGroup;
    private Function<ProtocolRegistry, Transport> transport;
    private Path dataDirectory;
    private SecureRandom random;
    private Executor cryptoExecutor;
    private Executor eventExecutor;
    private Reachability reachability;
    private RelayLimits relay;
    private final Map<String, RecordValidator> validators = new HashMap<>();

    KademliaNodeBuilder() {}

    /** The node's key pair and id; a fresh one by default. Persist it to keep the id across restarts. */
    public KademliaNodeBuilder identity(NodeIdentity identity) {
        this.identity = once(this.identity, identity, "identity");
        return this;
    }

    /**
     * Address to bind, e.g. {@code 127.0.0.1} for this machine only; by default every interface
     * (a dual-stack socket where the system has IPv6, else every IPv4 interface).
     */
    public KademliaNodeBuilder host(String host) {
        this.host = once(this.host, host, "host");
        return this;
    }

    /**
     * The endpoint peers should reach this node at, advertised before any other (see {@link
     * KademliaNode#advertisedEndpoints()}): for setups the node cannot learn by itself, such as a
     * port forwarded on a router or a public address that PONGs from a single network report.
     *
     * @throws IllegalArgumentException if it is unresolved, the wildcard address, or port 0
     */
    public KademliaNodeBuilder advertise(InetSocketAddress endpoint) {
        Objects.requireNonNull(endpoint, "advertise");
        if (endpoint.isUnresolved() || endpoint.getAddress().isAnyLocalAddress() || endpoint.getPort() == 0) {
            throw new IllegalArgumentException(
                    "an advertised endpoint needs a specific address and a port, got " + endpoint);
        }
        this.advertised = once(this.advertised, endpoint, "advertise");
        return this;
    }

    /** UDP and TCP port; 0 (the default) picks a free one. */
    public KademliaNodeBuilder port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        this.port = once(this.port, port, "port");
        return this;
    }

    public KademliaNodeBuilder config(DhtConfig config) {
        this.config = once(this.config, config, "config");
        return this;
    }

    /** Time and timers; tests pass a manual one. */
    public KademliaNodeBuilder scheduler(Scheduler scheduler) {
        this.scheduler = once(this.scheduler, scheduler, "scheduler");
        return this;
    }

    /**
     * Keeps the node's state in a directory (created if missing): the records it stores, in an
     * embedded database ({@code records.mv}, durable when a STORE is acknowledged, even if the
     * process is killed), and its routing table ({@code contacts}), so a restarted node serves
     * what it held and rejoins through its old contacts without a bootstrap address. Without it,
     * state lives in memory only. Not combinable with {@link #recordStore}.
     */
    public KademliaNodeBuilder dataDirectory(Path directory) {
        this.dataDirectory = once(this.dataDirectory, directory, "dataDirectory");
        return this;
    }

    /** Where records are kept; closed with the node. */
    public KademliaNodeBuilder recordStore(RecordStore store) {
        this.store = once(this.store, store, "recordStore");
        return this;
    }

    /**
     * The node's randomness (a fresh identity, write tokens, the phase of its timers); a new
     * {@link SecureRandom} by default. Tests pass a seeded one so a simulated run can be replayed.
     */
    public KademliaNodeBuilder random(SecureRandom random) {
        this.random = once(this.random, random, "random");
        return this;
    }

    /**
     * Where the node signs the PONGs that prove its id, off its network thread; the common
     * fork-join pool by default. Tests on the simulated network pass {@code Runnable::run} to stay
     * deterministic.
     */
    public KademliaNodeBuilder cryptoExecutor(Executor executor) {
        this.cryptoExecutor = once(this.cryptoExecutor, executor, "cryptoExecutor");
        return this;
    }

    /**
     * Where the node's {@link NodeEvent}s reach their listeners (one at a time, in order, whatever
     * the executor); the common fork-join pool by default. Tests on the simulated network pass
     * {@code Runnable::run} to see events as soon as they happen.
     */
    public KademliaNodeBuilder eventExecutor(Executor executor) {
        this.eventExecutor = once(this.eventExecutor, executor, "eventExecutor");
        return this;
    }

    /**
     * Fixes the node's {@link Reachability} instead of checking it: {@link Reachability#PRIVATE}
     * makes it a DHT client reached through relays, {@link Reachability#PUBLIC} a server (an
     * operator who knows the node is public, or tests). By default the node checks by itself,
     * asking peers to dial it back.
     */
    public KademliaNodeBuilder reachability(Reachability fixed) {
        this.reachability = once(this.reachability, fixed, "reachability");
        return this;
    }

    /**
     * Serves as a relay for nodes others cannot dial, within {@code limits} ({@link
     * RelayLimits#DEFAULT} suits most): reservations and circuits (docs/architecture.md#relays).
     * Only while the node is not found unreachable itself. Off by default; supernodes turn it on.
     */
    public KademliaNodeBuilder relay(RelayLimits limits) {
        this.relay = once(this.relay, limits, "relay");
        return this;
    }

    /** Adds the rules of one record type (see {@link RecordValidator}). */
    public KademliaNodeBuilder validator(String recordType, RecordValidator validator) {
        Objects.requireNonNull(validator, "validator");
        if (validators.putIfAbsent(recordType, validator) != null) {
            throw new IllegalStateException("a validator for type " + recordType + " is already set");
        }
        return this;
    }

    /**
     * Binds the sockets and starts the node. It knows no peers yet: call {@link
     * KademliaNode#bootstrap} to join a network, or let others bootstrap through it.
     *
     * @return completes with the running node, or fails if the port cannot be bound
     */
    public CompletableFuture<KademliaNode> start() {
        SecureRandom random = this.random != null ? this.random : new SecureRandom();
        DhtConfig cfg = config != null ? config : DhtConfig.defaults();
        List<AutoCloseable> owned = new ArrayList<>();
        Scheduler sched = scheduler;
        if (sched == null) {
            SystemScheduler system = SystemScheduler.create();
            owned.add(system);
            sched = system;
        }
        NodeIdentity id = identity != null ? identity : NodeIdentity.generate(random);
        if (dataDirectory != null && store != null) {
            throw new IllegalStateException("give either a dataDirectory or a recordStore, not both");
        }
        SavedContacts saved = null;
        RecordStore records;
        if (dataDirectory != null) {
            try {
                Files.createDirectories(dataDirectory);
            } catch (IOException e) {
                return CompletableFuture.failedFuture(new ConfChatException(
                        "cannot create the data directory " + dataDirectory + ": " + e.getMessage(), e));
            }
            records = MvStoreRecordStore.open(dataDirectory.resolve("records.mv"));
            saved = new SavedContacts(dataDirectory.resolve("contacts"));
        } else {
            records = store != null ? store : new InMemoryRecordStore();
        }
        ProtocolRegistry registry = new ProtocolRegistry();
        Transport net = transport != null
                ? transport.apply(registry)
                : new NettyTransport(host, port != null ? port : 0, eventLoopGroup, registry);
        RpcEndpoint rpc = new RpcEndpoint(
                net,
                id.id(),
                sched,
                new RttEstimator(cfg.minRpcTimeout(), cfg.maxRpcTimeout()),
                cfg.streamTimeout(),
                random);
        RecordStorage storage = new RecordStorage(
                records, validators, cfg.quotas(), new VerifiedSignatures(cfg.verifiedCacheSize()), sched);
        KademliaNode node = new KademliaNode(new KademliaNode.NodeParts(
                id,
                cfg,
                sched,
                owned,
                records,
                storage,
                rpc,
                new KademliaNode.StreamProtocols() {
                    @Override
                    public void register(String protocolId, StreamProtocolHandler handler) {
                        registry.register(protocolId, handler);
                    }

                    @Override
                    public CompletableFuture<Channel> open(InetSocketAddress to, String protocolId) {
                        return net.openStream(to, protocolId);
                    }

                    @Override
                    public void sendDatagramFromOtherPort(InetSocketAddress to, byte[] payload) {
                        net.sendDatagramFromOtherPort(to, payload);
                    }

                    @Override
                    public boolean carriesStreams() {
                        return net.carriesStreams();
                    }

                    @Override
                    public Optional<StreamProtocolHandler> handler(String protocolId) {
                        return registry.handler(protocolId);
                    }

                    @Override
                    public CompletableFuture<HolePunch> prepareHolePunch() {
                        return net.prepareHolePunch();
                    }
                },
                random,
                saved,
                Optional.ofNullable(advertised),
                Optional.ofNullable(reachability),
                Optional.ofNullable(relay),
                cryptoExecutor != null ? cryptoExecutor : ForkJoinPool.commonPool(),
                eventExecutor != null ? eventExecutor : ForkJoinPool.commonPool(),
                net.closesAtOnce()));
        return node.start().whenComplete((n, error) -> {
            if (error != null) {
                node.close();
            }
        });
    }

    /** Shares netty event loops between nodes ({@link NodeInternals#eventLoopGroup}). */
    KademliaNodeBuilder eventLoopGroup(EventLoopGroup group) {
        this.eventLoopGroup = once(this.eventLoopGroup, group, "eventLoopGroup");
        return this;
    }

    /** Replaces the netty transport ({@link NodeInternals#transport}). */
    KademliaNodeBuilder transport(Function<ProtocolRegistry, Transport> transport) {
        this.transport = once(this.transport, transport, "transport");
        return this;
    }

    private static <T> T once(T current, T value, String what) {
        Objects.requireNonNull(value, what);
        if (current != null) {
            throw new IllegalStateException(what + " is already set");
        }
        return value;
    }
}
