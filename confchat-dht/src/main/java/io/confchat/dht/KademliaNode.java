package io.confchat.dht;

import io.confchat.api.BootstrapException;
import io.confchat.api.Contact;
import io.confchat.api.Dht;
import io.confchat.api.DhtKey;
import io.confchat.api.LookupOptions;
import io.confchat.api.NodeClosedException;
import io.confchat.api.NodeId;
import io.confchat.api.PutResult;
import io.confchat.api.RecordRejectedException;
import io.confchat.api.ReplicaAnswer;
import io.confchat.api.SignedRecord;
import io.confchat.dht.crypto.NodeIdentity;
import io.confchat.dht.internal.address.AdvertisedEndpoints;
import io.confchat.dht.internal.address.InterfaceAddresses;
import io.confchat.dht.internal.lookup.LookupResult;
import io.confchat.dht.internal.routing.ProvenContacts;
import io.confchat.dht.internal.routing.RoutingTable;
import io.confchat.dht.internal.rpc.RpcEndpoint;
import io.confchat.dht.internal.storage.Acceptance;
import io.confchat.dht.internal.storage.RecordStorage;
import io.confchat.dht.internal.storage.WriteTokens;
import io.confchat.dht.internal.stream.HolePunch;
import io.confchat.dht.internal.stream.NodeInternals;
import io.confchat.dht.internal.stream.Relayed;
import io.confchat.dht.internal.stream.StreamProtocolHandler;
import io.confchat.dht.relay.RelayLimits;
import io.confchat.dht.relay.RelayedEndpoint;
import io.confchat.dht.store.RecordStore;
import io.confchat.dht.time.Scheduler;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kademlia node storing {@link SignedRecord}s: the front door of confchat-dht.
 *
 * <pre>{@code
 * try (KademliaNode node = KademliaNode.builder().port(0).start().join()) {
 *     node.bootstrap(List.of(new InetSocketAddress("127.0.0.1", 4000))).join();
 *     node.put(signer.sign(key, "note", new byte[0], 1, 3600, bytes)).join();
 *     List<SignedRecord> found = node.get(key).join();
 * }
 * }</pre>
 *
 * <p>Thread-safe. Futures complete on network or timer threads: never block in their callbacks.
 * See {@link Dht} for the contract of each operation and {@link KademliaNodeBuilder} for the settings.
 */
public final class KademliaNode implements Dht {
    private static final Logger log = LoggerFactory.getLogger(KademliaNode.class);
    /** Saved contacts pinged when rejoining; the lookup that follows finds the rest. */
    static final int MAX_REJOIN_SEEDS = 64;
    /** Delay between a change of the routing table and its save. */
    static final Duration SAVE_DELAY = Duration.ofSeconds(5);
    /** Storage refusals for a full quota are told at most once per this interval (see {@link NodeEvent.QuotaRefused}). */
    public static final Duration QUOTA_EVENT_INTERVAL = Duration.ofMinutes(1);
    /** How many relays a node that others cannot dial holds reservations at ({@link #relayedEndpoints()}). */
    public static final int RELAYS = io.confchat.dht.internal.relay.RelayClient.RELAYS;

    private final NodeIdentity identity;
    private final DhtConfig config;
    private final Scheduler scheduler;
    private final List<AutoCloseable> owned;
    private final RecordStore store;
    private final RecordStorage storage;
    private final RoutingTable routing;
    private final RpcEndpoint rpc;
    private final AdvertisedEndpoints endpoints;
    private final Bonding bonding;
    private final Lookups lookups;
    private final Replicas replicas;
    private final Replication replication;
    private final StreamProtocols protocols;
    private final SecureRandom random;
    private final SavedContacts savedContacts;
    private final Executor cryptoExecutor;
    private final boolean closesOnCallersThread;
    private final Connectivity connectivity;
    private final NodeEvents events;
    private final AtomicBoolean closeStarted = new AtomicBoolean();
    private final CompletableFuture<Void> shutDown = new CompletableFuture<>();
    private volatile CompletableFuture<Void> rejoin = CompletableFuture.completedFuture(null);
    private final AtomicBoolean saveScheduled = new AtomicBoolean();
    private volatile InetSocketAddress localAddress;
    private volatile boolean closed;
    private volatile Scheduler.Cancellable maintenance = () -> {};
    private volatile Scheduler.Cancellable replicationTimer = () -> {};
    private final Set<Publication> publications = ConcurrentHashMap.newKeySet();

    KademliaNode(NodeParts p) {
        this.identity = p.identity();
        this.config = p.config();
        this.scheduler = p.scheduler();
        this.owned = p.owned();
        this.store = p.store();
        this.random = p.random();
        this.protocols = p.protocols();
        this.savedContacts = p.savedContacts();
        this.cryptoExecutor = p.cryptoExecutor();
        this.closesOnCallersThread = p.closesOnCallersThread();
        this.routing = new RoutingTable(identity.id(), config.k(), scheduler);
        this.storage = p.storage();
        this.rpc = p.rpc();
        this.connectivity = new Connectivity(
                identity,
                scheduler,
                random,
                rpc,
                protocols,
                routing::contacts,
                () -> localAddress.getPort(),
                p.reachability(),
                p.relayService());
        this.endpoints = new AdvertisedEndpoints(
                () -> localAddress,
                p.advertised(),
                InterfaceAddresses::ofThisMachine,
                () -> connectivity.reachability() == Reachability.PRIVATE);
        this.bonding = new Bonding(
                identity.id(),
                routing,
                new ProvenContacts(routing, ProvenContacts.DEFAULT_CAPACITY, scheduler::nanoTime),
                rpc,
                random,
                config.maxRpcTimeout(),
                endpoints,
                this::onContactAdded);
        this.lookups = new Lookups(identity.id(), config, scheduler, routing, rpc, bonding, storage);
        this.replicas = new Replicas(identity.id(), config, rpc, storage, lookups, routing::size);
        this.replication = new Replication(identity.id(), config, scheduler, routing, storage, rpc, lookups, replicas);
        this.events = new NodeEvents(
                identity.id(), p.eventExecutor(), scheduler, QUOTA_EVENT_INTERVAL, connectivity.reachability());
        routing.onSizeChange(events::onRoutingTableSize);
        storage.onQuotaRefusal(() -> events.onQuotaRefusal(storage::quotaRefusals));
        connectivity.onChange(
                () -> events.onConnectivity(connectivity.reachability(), connectivity.relayedEndpoints()));
    }

    static {
        // the stream and transport seams for the chat layer, tests and benchmarks: netty types
        // that stay out of the exported API (docs/architecture.md#module-boundary)
        NodeInternals.install(new NodeSeams());
    }

    /** Starts configuring a node. */
    public static KademliaNodeBuilder builder() {
        return new KademliaNodeBuilder();
    }

    CompletableFuture<KademliaNode> start() {
        WriteTokens tokens = new WriteTokens(scheduler, config.tokenEpoch(), random);
        NodeServer server = new NodeServer(
                identity,
                routing,
                storage,
                tokens,
                bonding,
                replication,
                new OwnProofs(
                        new PongSigner(identity, scheduler, cryptoExecutor),
                        new CertificateIssuer(identity, scheduler, endpoints::firstHand)),
                config.k());
        connectivity.start();
        return rpc.start(connectivity.filter(server), tokens::isValid).thenApply(address -> {
            this.localAddress = address;
            scheduleMaintenance();
            rejoinSavedContacts();
            // a random phase, so the nodes of a network do not all replicate at the same moment
            scheduleReplication(config.replicationInterval()
                    .multipliedBy(1 + random.nextInt(1000))
                    .dividedBy(1000));
            log.debug("node {} listening on {}", identity.id().shortHex(), address);
            return this;
        });
    }

    @Override
    public NodeId localId() {
        return identity.id();
    }

    /** The address the node's sockets are bound to; the wildcard unless a host was set. */
    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /**
     * The endpoints to give peers that want to reach this node (in presence records, for
     * example), best first: the builder's {@link KademliaNodeBuilder#advertise advertised}
     * endpoint; the endpoint peers in at least two different networks (/24 for IPv4, /48 for
     * IPv6) saw this node's PINGs come from (behind a NAT, the router's public address and port);
     * then the bound address, or when bound to every interface, the address of each interface
     * (public before private, IPv4 before IPv6), for peers on the same network. Never a wildcard,
     * loopback or link-local address, except the loopback address of a node bound to loopback.
     *
     * <p>The list can change as peers confirm an address and interfaces come and go; there are
     * no change events: each call computes it afresh (cheap: a scan of the interfaces), so a
     * caller that republishes it reads it again each time. May be empty, e.g. on a machine
     * without a network bound to every interface. Thread-safe.
     */
    public List<InetSocketAddress> advertisedEndpoints() {
        return endpoints.current();
    }

    /**
     * Whether other nodes can reach this one, as its reachability checks found so far (or as the
     * builder fixed it): a {@link Reachability#PRIVATE} node takes part in the DHT as a client.
     */
    public Reachability reachability() {
        return connectivity.reachability();
    }

    /** The node's reachability state, for tests that set a verdict. */
    NodeReachability reachabilityState() {
        return connectivity.reachabilityState();
    }

    /**
     * Where dialers reach this node through relays: one endpoint per reservation it holds. Empty
     * unless the node is {@link Reachability#PRIVATE} and found relays; thread-safe.
     */
    public List<RelayedEndpoint> relayedEndpoints() {
        return connectivity.relayedEndpoints();
    }

    /**
     * Runs {@code listener} whenever what this node can tell peers changes: its reachability, its
     * relayed endpoints (a reservation gained or lost). Called on network or timer threads; must
     * not block. The advertised endpoints, which also follow interfaces and observations, are read
     * afresh by each call of {@link #advertisedEndpoints()}.
     */
    public void onAddressChange(Runnable listener) {
        connectivity.onChange(listener);
    }

    /**
     * Opens a stream to a node through a relay where it holds a reservation (see {@link
     * RelayedEndpoint}): framed like {@link #openStream}, its protocol id already sent, marked
     * {@link Relayed#RELAY}. The relay copies bytes and reads none: run an end-to-end secured
     * protocol over it.
     *
     * @return the circuit; fails if the relay cannot be reached or refuses (the node holds no
     *     reservation there, a cap is reached, the node does not take the circuit in time)
     */
    CompletableFuture<Channel> openRelayedStream(RelayedEndpoint to, String protocolId) {
        if (closed) {
            return closedFuture();
        }
        return connectivity.openRelayed(to, protocolId);
    }

    /**
     * Binds a fresh TCP port for a hole punch (see {@link HolePunch}).
     *
     * @return fails if the transport carries no streams (the simulated network)
     */
    CompletableFuture<HolePunch> prepareHolePunch() {
        if (closed) {
            return closedFuture();
        }
        return connectivity.prepareHolePunch();
    }

    /** The relay this node serves, if it does (tests and benchmarks look at its counts). */
    Optional<io.confchat.dht.internal.relay.RelayServer> relayService() {
        return connectivity.relayService();
    }

    /**
     * The endpoints peers in different networks confirmed they see this node at (behind a NAT,
     * the router's public address), whether or not the node is reachable there; empty until
     * confirmed. Hole punching predicts its public address from these.
     */
    public List<InetSocketAddress> observedEndpoints() {
        return endpoints.observed();
    }

    @Override
    public CompletableFuture<Void> bootstrap(Collection<InetSocketAddress> seeds) {
        if (closed) {
            return closedFuture();
        }
        List<CompletableFuture<Contact>> proofs = new ArrayList<>();
        for (InetSocketAddress seed : seeds) {
            proofs.add(bonding.prove(seed).exceptionally(e -> null));
        }
        return CompletableFuture.allOf(proofs.toArray(CompletableFuture[]::new)).thenCompose(ignored -> {
            int admitted = 0;
            for (CompletableFuture<Contact> proof : proofs) {
                Contact c = proof.join();
                if (c != null) {
                    bonding.admit(c);
                    admitted++;
                }
            }
            if (admitted == 0) {
                throw new BootstrapException("none of the bootstrap nodes answered: " + describe(seeds)
                        + "; check the addresses and that a node runs there");
            }
            return lookups.join().thenRun(connectivity::joined);
        });
    }

    @Override
    public CompletableFuture<PutResult> put(SignedRecord record) {
        return put(record, LookupOptions.standard());
    }

    /**
     * Stores a record on the nodes closest to its key, found as {@code options} say (see {@link
     * LookupOptions}; {@link LookupOptions#sensitive()} runs disjoint lookup paths).
     */
    @Override
    public CompletableFuture<PutResult> put(SignedRecord record, LookupOptions options) {
        Objects.requireNonNull(options, "options");
        if (closed) {
            return closedFuture();
        }
        Optional<RecordRejectedException> refused = checkLocally(record);
        if (refused.isPresent()) {
            return CompletableFuture.failedFuture(refused.get());
        }
        // a put still in flight when the node closes does not count the copy that dies with it
        return replicas.put(record, options).thenApply(result -> {
            if (closed) {
                throw new NodeClosedException("the node closed before the put completed");
            }
            return result;
        });
    }

    @Override
    public CompletableFuture<List<SignedRecord>> get(DhtKey key) {
        return get(key, LookupOptions.standard());
    }

    /**
     * Finds the records of a key on the nodes found as {@code options} say (see {@link
     * LookupOptions}); otherwise as {@link #get(DhtKey)}.
     */
    @Override
    public CompletableFuture<List<SignedRecord>> get(DhtKey key, LookupOptions options) {
        Objects.requireNonNull(options, "options");
        if (closed) {
            return closedFuture();
        }
        return replicas.get(key, options);
    }

    @Override
    public CompletableFuture<List<ReplicaAnswer>> answers(DhtKey key, LookupOptions options) {
        Objects.requireNonNull(options, "options");
        if (closed) {
            return closedFuture();
        }
        return replicas.answers(key, options);
    }

    /**
     * Puts a record and keeps it alive: it is put again before it expires, every {@code
     * min(republish interval, ttl / 2)}, until the returned publication is cancelled or the node
     * closes. The record is checked locally first, as by {@link #put}.
     */
    public Publication publish(SignedRecord record) {
        Optional<RecordRejectedException> refused = checkLocally(record);
        if (refused.isPresent()) {
            throw refused.get();
        }
        Publication p = new Publication(record, scheduler, config.republishInterval(), this::put, publications::remove);
        publications.add(p);
        return p;
    }

    /** The checks every node would make first (signature, ttl), before anything is sent. */
    private Optional<RecordRejectedException> checkLocally(SignedRecord record) {
        Acceptance local = storage.checkIntrinsic(record);
        return local.isStored()
                ? Optional.empty()
                : Optional.of(new RecordRejectedException(local.refusal(), local.detail()));
    }

    /**
     * Serves a stream protocol on this node's TCP port: inbound connections whose first frame is
     * {@code protocolId} go to {@code handler}.
     *
     * @throws IllegalArgumentException if the id is taken or not of the form {@code /name/...}
     */
    void registerStreamProtocol(String protocolId, StreamProtocolHandler handler) {
        protocols.register(protocolId, handler);
    }

    /**
     * Opens a TCP connection to another node's port for a stream protocol that node serves (see
     * {@link #registerStreamProtocol}). The returned channel is framed like every stream (4-byte
     * length prefix, frames up to 256 KiB) and its first frame, the protocol id, is already sent;
     * the caller adds its handlers and closes the channel when done.
     *
     * @return completes with the connected channel, or fails if no connection could be made (or
     *     the transport carries no streams, as in the simulated network)
     */
    CompletableFuture<Channel> openStream(InetSocketAddress to, String protocolId) {
        if (closed) {
            return closedFuture();
        }
        return protocols.open(to, protocolId);
    }

    /** Finds the k nodes closest to {@code target}, for callers that place data themselves. */
    public CompletableFuture<List<Contact>> findClosest(NodeId target) {
        return findClosest(target, LookupOptions.standard());
    }

    /**
     * Finds the k nodes closest to {@code target} as {@code options} say: each proved its id, and
     * the list is IP-diverse (docs/dht-hardening.md).
     */
    public CompletableFuture<List<Contact>> findClosest(NodeId target, LookupOptions options) {
        if (closed) {
            return closedFuture();
        }
        return lookups.findNodes(target, options.disjointPaths()).thenApply(LookupResult::closest);
    }

    /** A snapshot of the routing table. */
    public List<Contact> contacts() {
        return routing.contacts();
    }

    /** The live records this node itself stores for the network under {@code key}. */
    public List<SignedRecord> storedRecords(DhtKey key) {
        return storage.live(key);
    }

    /** Number of records this node stores for the network. */
    public int storedRecordCount() {
        return storage.size();
    }

    /** Bytes of the records this node stores for the network, as its quotas count them. */
    public long storedBytes() {
        return storage.totalBytes();
    }

    /**
     * The node's state now: routing table, storage, request counters, connections, relays (see
     * {@link NodeSnapshot}). Cheap (counters read, no lookup, no I/O; a few short locks), so a
     * metrics registry may call it on every scrape; thread-safe; works after close too.
     */
    public NodeSnapshot snapshot() {
        return new NodeSnapshot(
                identity.id(),
                connectivity.reachability(),
                routing.size(),
                storage.size(),
                storage.totalBytes(),
                storage.quotaRefusals(),
                rpc.counters().counts(),
                rpc.transport().inboundConnections(),
                rpc.transport().outboundConnections(),
                connectivity.relayedEndpoints(),
                connectivity.relayService().map(s -> new NodeSnapshot.RelayUsage(s.reservations(), s.circuits())),
                closed);
    }

    /**
     * Tells {@code listener} of every important change of this node ({@link NodeEvent}): one event
     * at a time, in order, on the builder's {@link KademliaNodeBuilder#eventExecutor event
     * executor}, never on a network thread. A listener that throws is logged and the others still
     * hear the event. Only changes after the call are told: read {@link #snapshot()} for the state
     * now. Thread-safe.
     */
    public void addEventListener(Consumer<NodeEvent> listener) {
        events.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Stops telling {@code listener}; events already handed to the executor may still reach it. */
    public void removeEventListener(Consumer<NodeEvent> listener) {
        events.remove(listener);
    }

    /** The node's source of time and deferred work, for layers built on the node. */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** This node's identity (its key pair signs PONGs). */
    public NodeIdentity identity() {
        return identity;
    }

    private void scheduleMaintenance() {
        if (closed) {
            return;
        }
        maintenance = scheduler.schedule(config.maintenanceInterval(), () -> {
            try {
                int purged = storage.purgeExpired();
                if (purged > 0) {
                    log.debug("purged {} expired records", purged);
                }
                bonding.checkSilentContacts();
                saveContacts();
                lookups.refreshIdleBuckets(random);
            } catch (RuntimeException e) {
                log.warn("maintenance failed; will retry", e);
            }
            scheduleMaintenance();
        });
    }

    /**
     * Completes when a node started with a data directory has rejoined through the contacts it
     * saved (at once if it had none), or fails with {@link BootstrapException} if none answered.
     */
    public CompletableFuture<Void> rejoin() {
        return rejoin;
    }

    private void rejoinSavedContacts() {
        if (savedContacts == null) {
            return;
        }
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (Contact c : savedContacts.load()) {
            addresses.add(c.address());
        }
        if (addresses.size() > MAX_REJOIN_SEEDS) {
            Collections.shuffle(addresses, random);
            addresses = new ArrayList<>(addresses.subList(0, MAX_REJOIN_SEEDS));
        }
        if (!addresses.isEmpty()) {
            log.debug("rejoining through {} saved contacts", addresses.size());
            rejoin = bootstrap(addresses);
        }
    }

    private void saveContacts() {
        if (savedContacts != null) {
            savedContacts.save(routing.contacts());
        }
    }

    /** A contact entered the routing table: hand it its records, and save the table soon. */
    private void onContactAdded(Contact contact) {
        if (!closed) {
            replication.handOff(contact);
            saveContactsSoon();
        }
    }

    /** Saves the routing table a few seconds after it gained a contact (a crash loses little). */
    private void saveContactsSoon() {
        if (savedContacts == null || !saveScheduled.compareAndSet(false, true)) {
            return;
        }
        scheduler.schedule(SAVE_DELAY, () -> {
            saveScheduled.set(false);
            if (!closed) {
                saveContacts();
            }
        });
    }

    private void scheduleReplication(Duration delay) {
        if (closed) {
            return;
        }
        replicationTimer = scheduler.schedule(delay, () -> {
            replication.replicateDue().whenComplete((ok, error) -> {
                if (error != null) {
                    log.debug("replication round failed", error);
                }
            });
            scheduleReplication(config.replicationInterval());
        });
    }

    private static String describe(Collection<InetSocketAddress> addresses) {
        List<String> out = new ArrayList<>();
        for (InetSocketAddress a : addresses) {
            out.add((a.isUnresolved() ? a.getHostString() : a.getAddress().getHostAddress()) + ":" + a.getPort());
        }
        return String.join(", ", out);
    }

    private static <T> CompletableFuture<T> closedFuture() {
        return CompletableFuture.failedFuture(new NodeClosedException("the node is closed"));
    }

    /**
     * Stops the node without holding the caller: it refuses new operations at once (they fail with
     * {@link NodeClosedException}) and fails the requests in flight, while a thread of its own
     * saves the contacts, closes the sockets (waiting a few seconds at most for each) and the
     * record store. Idempotent: every call returns a future of the same shutdown. The recommended
     * way to stop a node, from any thread, network threads included. (A node on the simulated
     * network of the tests has no socket to wait for and closes on the caller's thread.)
     *
     * @return completes when the sockets and the record store are closed; never fails
     */
    public CompletableFuture<Void> closeAsync() {
        if (startClosing()) {
            if (closesOnCallersThread) {
                shutDown(); // no socket to wait for: a simulation stays on one thread
            } else {
                Thread closer = new Thread(
                        this::shutDown, "confchat-node-close-" + identity.id().shortHex());
                closer.start(); // not a daemon: a JVM exiting meanwhile still gets the store closed
            }
        }
        return shutDown.thenApply(x -> x);
    }

    /**
     * Stops the node and returns when it is stopped, as {@link #closeAsync()} does but on the
     * caller's thread: it may block for a few seconds (sockets close, the store is written). Kept
     * so a try-with-resources block releases everything before it ends; prefer {@link
     * #closeAsync()} where blocking matters. After {@link #closeAsync()} it waits for that
     * shutdown.
     */
    @Override
    public void close() {
        if (startClosing()) {
            shutDown();
        } else {
            shutDown.join();
        }
    }

    private boolean startClosing() {
        if (!closeStarted.compareAndSet(false, true)) {
            return false;
        }
        closed = true;
        return true;
    }

    private void shutDown() {
        try {
            release();
        } finally {
            shutDown.complete(null);
        }
    }

    private void release() {
        saveContacts();
        maintenance.cancel();
        replicationTimer.cancel();
        connectivity.close();
        publications.forEach(Publication::cancel);
        rpc.close();
        store.close();
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                log.debug("closing {} failed", c, e);
            }
        }
    }

    @Override
    public String toString() {
        return "KademliaNode[" + identity.id().shortHex() + "@" + localAddress + "]";
    }

    /** Everything a node is made of, assembled by the {@link KademliaNodeBuilder}. */
    record NodeParts(
            NodeIdentity identity,
            DhtConfig config,
            Scheduler scheduler,
            List<AutoCloseable> owned,
            RecordStore store,
            RecordStorage storage,
            RpcEndpoint rpc,
            StreamProtocols protocols,
            SecureRandom random,
            SavedContacts savedContacts,
            Optional<InetSocketAddress> advertised,
            Optional<Reachability> reachability,
            Optional<RelayLimits> relayService,
            Executor cryptoExecutor,
            Executor eventExecutor,
            boolean closesOnCallersThread) {}

    /** The stream protocols of the transport: serving them, and dialing them. */
    interface StreamProtocols {
        void register(String protocolId, StreamProtocolHandler handler);

        CompletableFuture<Channel> open(InetSocketAddress to, String protocolId);

        /** Sends one datagram from a port other than the node's (a reachability dial-back). */
        void sendDatagramFromOtherPort(InetSocketAddress to, byte[] payload);

        /** False for a transport without streams (the simulated network): nothing to check then. */
        boolean carriesStreams();

        /** The handler serving {@code protocolId}, if registered. */
        Optional<StreamProtocolHandler> handler(String protocolId);

        /** A fresh port for a hole punch. */
        CompletableFuture<HolePunch> prepareHolePunch();
    }
}
