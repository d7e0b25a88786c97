package io.confchat.chat;

import io.confchat.api.Dht;
import io.confchat.api.chat.ChatClient;
import io.confchat.chat.internal.account.Accounts;
import io.confchat.chat.internal.account.NameResolver;
import io.confchat.chat.internal.account.PasswordPolicy;
import io.confchat.chat.internal.device.DeviceStates;
import io.confchat.chat.internal.directory.DirectoryReader;
import io.confchat.chat.internal.group.GroupRecordRules;
import io.confchat.chat.internal.history.ChatListStore;
import io.confchat.chat.internal.history.HistoryStore;
import io.confchat.chat.internal.login.LoginSlot;
import io.confchat.chat.internal.presence.PresenceReader;
import io.confchat.chat.internal.records.ChatValidators;
import io.confchat.chat.internal.runtime.ChatEvents;
import io.confchat.chat.internal.runtime.ChatRuntime;
import io.confchat.chat.internal.runtime.LoginSettings;
import io.confchat.chat.internal.runtime.SerialExecutor;
import io.confchat.chat.internal.runtime.UserList;
import io.confchat.chat.internal.runtime.Users;
import io.confchat.chat.internal.session.NodeSessionTransport;
import io.confchat.chat.internal.session.SessionSettings;
import io.confchat.chat.internal.session.SessionTransport;
import io.confchat.chat.internal.sim.ClientWiring;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.KademliaNodeBuilder;
import io.confchat.dht.time.Scheduler;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * The front door of the chat layer.
 *
 * <pre>{@code
 * ChatClient client = ConfChat.builder()
 *         .node(KademliaNode.builder().host("127.0.0.1").port(0))
 *         .bootstrap(new InetSocketAddress("127.0.0.1", 4000))
 *         .start()
 *         .join();
 * client.login("alice", password).join();
 * }</pre>
 *
 * A builder is used once; each setting may be given once. Not thread-safe (the client it builds
 * is).
 */
public final class ConfChat {
    static {
        ClientWiring.install(ConfChat::wire); // confchat-testkit's clients on simulated transports
    }

    private KademliaNodeBuilder node;
    private final List<InetSocketAddress> seeds = new ArrayList<>();
    private ChatConfig config;
    private Executor executor;
    private Dht dht;
    private Scheduler scheduler;
    private SessionNetwork sessions;
    private SecureRandom random;
    private boolean started;

    private ConfChat() {}

    public static ConfChat builder() {
        return new ConfChat();
    }

    /**
     * Registers the chat layer's record rules on a node that only serves the DHT (a supernode),
     * so it stores chat records under the same rules as every chat client's node.
     */
    public static KademliaNodeBuilder withChatRecordRules(KademliaNodeBuilder node) {
        ChatValidators.all().forEach(node::validator);
        GroupRecordRules.all().forEach(node::validator);
        return node;
    }

    /**
     * A client on a node that is already running, e.g. to register accounts from a supernode:
     * the same as {@code builder().dht(node, node.scheduler()).sessions(SessionNetwork.of(node))},
     * started. The node must have been built {@link #withChatRecordRules with the chat record
     * rules}; the client takes it over and closes it when the client closes.
     */
    public static ChatClient clientOn(KademliaNode node, ChatConfig config) {
        Objects.requireNonNull(node, "node");
        return wire(
                node,
                node.scheduler(),
                Objects.requireNonNull(config, "config"),
                null,
                SessionNetwork.of(node).transport(),
                null,
                null);
    }

    /**
     * The node to start and run on (its port, data directory, ...); a default node otherwise. Not
     * combinable with {@link #dht}.
     */
    public ConfChat node(KademliaNodeBuilder node) {
        if (this.node != null) {
            throw new IllegalStateException("node is already set");
        }
        this.node = Objects.requireNonNull(node, "node");
        return this;
    }

    /**
     * Runs the client on a {@link Dht} that is already running instead of starting a node: its
     * records go through {@code dht}, its timers run on {@code scheduler} (the one the DHT runs
     * on, so that a test's manual time drives both), its live sessions through {@link #sessions},
     * which must then be given too. The DHT's nodes must apply the chat record rules ({@link
     * #withChatRecordRules}); the client takes the DHT over and closes it when the client closes.
     * Not combinable with {@link #node} or {@link #bootstrap}.
     */
    public ConfChat dht(Dht dht, Scheduler scheduler) {
        if (this.dht != null) {
            throw new IllegalStateException("dht is already set");
        }
        this.dht = Objects.requireNonNull(dht, "dht");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        return this;
    }

    /**
     * Where the live sessions of a client on a {@link #dht} get their connections: {@link
     * SessionNetwork#of} a node, or an in-memory network of a test kit. A client that starts its
     * own {@link #node} uses that node's.
     */
    public ConfChat sessions(SessionNetwork sessions) {
        if (this.sessions != null) {
            throw new IllegalStateException("sessions is already set");
        }
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        return this;
    }

    /**
     * The client's randomness (keys, nonces, message ids); a new {@link SecureRandom} by default.
     * Tests pass a seeded one so a simulated run can be replayed.
     */
    public ConfChat random(SecureRandom random) {
        if (this.random != null) {
            throw new IllegalStateException("random is already set");
        }
        this.random = Objects.requireNonNull(random, "random");
        return this;
    }

    /** Nodes to join the network through; none for the first node of a network. */
    public ConfChat bootstrap(InetSocketAddress... seeds) {
        this.seeds.addAll(List.of(seeds));
        return this;
    }

    public ConfChat config(ChatConfig config) {
        if (this.config != null) {
            throw new IllegalStateException("config is already set");
        }
        this.config = Objects.requireNonNull(config, "config");
        return this;
    }

    /**
     * Runs the client's slow work (bcrypt, history encryption) and its listener calls (one at a
     * time, in order, never on a network thread); by default a pool of two daemon threads of the
     * client's own, stopped when it closes. A given executor is not shut down by the client.
     */
    public ConfChat executor(Executor executor) {
        if (this.executor != null) {
            throw new IllegalStateException("executor is already set");
        }
        this.executor = Objects.requireNonNull(executor, "executor");
        return this;
    }

    /**
     * Starts the node, joins the network through the bootstrap nodes, and returns the client; on
     * a {@link #dht}, returns the client at once.
     *
     * @return fails with {@link io.confchat.api.BootstrapException} if no bootstrap node answered
     * @throws IllegalStateException if the builder has started a client already, or its settings
     *     do not go together (a {@code dht} with a {@code node} or bootstrap nodes or without
     *     {@code sessions}; {@code sessions} without a {@code dht})
     */
    public CompletableFuture<ChatClient> start() {
        if (started) {
            throw new IllegalStateException("this builder has already started a client");
        }
        if (dht != null && (node != null || !seeds.isEmpty() || sessions == null)) {
            throw new IllegalStateException(
                    "a client on a running dht takes its sessions, and neither a node nor bootstrap nodes");
        }
        if (dht == null && sessions != null) {
            throw new IllegalStateException("sessions go with a dht; a node of the client's own brings its own");
        }
        started = true;
        if (dht != null) {
            ChatConfig cfg = config != null ? config : ChatConfig.defaults();
            return CompletableFuture.completedFuture(
                    wire(dht, scheduler, cfg, executor, sessions.transport(), null, random));
        }
        KademliaNodeBuilder nodeBuilder = withChatRecordRules(node != null ? node : KademliaNode.builder());
        ChatConfig cfg = config != null ? config : ChatConfig.defaults();
        return nodeBuilder.start().thenCompose(kademlia -> {
            CompletableFuture<Void> joined =
                    seeds.isEmpty() ? CompletableFuture.completedFuture(null) : kademlia.bootstrap(List.copyOf(seeds));
            return joined.handle((ok, error) -> {
                if (error != null) {
                    kademlia.close();
                    throw error instanceof RuntimeException r ? r : new IllegalStateException(error);
                }
                return wire(
                        kademlia,
                        kademlia.scheduler(),
                        cfg,
                        executor,
                        new NodeSessionTransport(kademlia),
                        null,
                        random);
            });
        });
    }

    /**
     * Assembles a client on a running node: every shared service once, then the thin front.
     *
     * @param executor null for a pool of the client's own
     * @param devices what the device remembers between logins; null for a fresh memory
     * @param seeded null for a fresh {@link SecureRandom}; tests pass a seeded one
     */
    static ClientFront wire(
            Dht node,
            Scheduler scheduler,
            ChatConfig cfg,
            Executor executor,
            SessionTransport transport,
            DeviceStates devices,
            SecureRandom seeded) {
        ExecutorService owned = executor == null ? Executors.newFixedThreadPool(2, ConfChat::daemon) : null;
        Executor worker = executor != null ? executor : owned;
        SerialExecutor serial = new SerialExecutor(worker);
        SecureRandom random = seeded != null ? seeded : new SecureRandom();
        Accounts accounts =
                new Accounts(node, worker, random, cfg.bcryptCost(), new PasswordPolicy(cfg.allowDemoPasswords()));
        PresenceReader presences = new PresenceReader(node, scheduler);
        ChatEvents events = new ChatEvents(serial);
        DeviceStates device = devices != null
                ? devices
                : new DeviceStates(48L * 1024 * cfg.historyRetentionChunks(), cfg.dataDirectory(), random);
        Users users = new Users(new NameResolver(node, scheduler), events);
        ChatRuntime rt = new ChatRuntime(
                node,
                scheduler,
                worker,
                serial,
                random,
                settings(cfg),
                accounts,
                users,
                presences,
                new HistoryStore(node, random, scheduler, cfg.historyRetentionChunks(), worker),
                new ChatListStore(node, random, scheduler),
                new SessionSettings(
                        transport,
                        scheduler,
                        random,
                        cfg.handshakeTimeout(),
                        cfg.ackTimeout(),
                        cfg.dialTimeout(),
                        users::lookup),
                events,
                new UserList(new DirectoryReader(node), users, presences, events),
                device,
                transport::endpoints,
                new LongAdder());
        LoginSlot slot = new LoginSlot(rt);
        transport.serve(slot::accept);
        return new ClientFront(rt, slot, node.localAddress(), () -> {
            device.close();
            return node.closeAsync().whenComplete((x, error) -> {
                if (owned != null) {
                    owned.shutdown(); // events already queued (the logout's) still reach the listeners
                }
            });
        });
    }

    private static LoginSettings settings(ChatConfig c) {
        return new LoginSettings(
                c.presenceTtl(),
                c.presenceInterval(),
                c.inboxPollInterval(),
                c.conversationWindow(),
                c.historySaveInterval(),
                c.historyFlushInterval(),
                c.retryDelay(),
                c.logoutTimeout(),
                c.refreshRecordsOlderThan(),
                c.refreshCheckInterval());
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "confchat-worker");
        t.setDaemon(true);
        return t;
    }
}
