package io.confchat.testkit;

import io.confchat.api.Dht;
import io.confchat.api.chat.ChatClient;
import io.confchat.chat.ChatConfig;
import io.confchat.chat.ConfChat;
import io.confchat.chat.internal.sim.ClientWiring;
import io.confchat.chat.internal.sim.SimulatedStreams;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.crypto.NodeIdentity;
import io.confchat.dht.internal.sim.SeededRandom;
import io.confchat.dht.internal.sim.SimulatedNetwork;
import io.confchat.dht.internal.stream.NodeInternals;
import io.confchat.dht.time.ManualScheduler;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * A conf-chat network in memory, for your own tests: DHT nodes (as supernodes) and chat clients
 * built exactly as in production, except that their packets and live sessions travel through
 * memory, their time is manual and their randomness comes from one seed. No socket is opened,
 * nothing reads the system clock, no thread is started.
 *
 * <pre>{@code
 * try (TestNetwork net = TestNetwork.create(42)) {
 *     net.addNodes(20);
 *     ChatClient alice = net.newClient();
 *     ChatClient bob = net.newClient();
 *     net.runUntil(alice.register("alice", "alice's long password"), Duration.ofMinutes(1));
 *     ...
 *     Conversation chat = net.runUntil(alice.open("bob"), Duration.ofMinutes(1));
 *     net.runUntil(chat.send("hi bob"), Duration.ofMinutes(1));
 *     net.advance(Duration.ofSeconds(5)); // bob's listener has been told by now
 * }
 * }</pre>
 *
 * <h2>Threading</h2>
 *
 * Everything runs on the thread that calls {@link #advance} and {@link #runUntil} (the test's):
 * the nodes' protocol work, the clients' work (bcrypt included), and the calls of every {@link
 * io.confchat.api.chat.ChatListener}. A future a client returns completes only while the test
 * runs the network, so wait for it with {@link #runUntil}: its {@code join()} or {@code get()}
 * would wait forever, as no other thread moves time. A {@code TestNetwork} and its clients are not
 * thread-safe: use them from one thread. Leave closing the clients to {@link #close} (their {@code
 * close()} waits for a logout that only the network's thread can run), or wait for {@link
 * ChatClient#closeAsync} with {@link #runUntil}.
 *
 * <h2>Determinism</h2>
 *
 * A run is a function of the seed and of the test's calls: node and account keys, bcrypt salts,
 * nonces and every delay of the network come from the seed, and tasks due at the same simulated
 * time run in the order they were scheduled. The same test with the same seed does the same thing
 * every time; print the seed of a failing randomised test to replay it. Time starts at
 * 2026-01-01T00:00:00Z and moves only in {@link #advance} and {@link #runUntil}. Packets and
 * session bytes take 1 to 10 ms each way, in order within a connection; none is lost.
 */
public final class TestNetwork implements AutoCloseable {
    /** Ample for any single operation of a healthy network (a join, a login, a lookup). */
    private static final Duration STEP_LIMIT = Duration.ofMinutes(10);

    private static final Duration CLOSE_LIMIT = Duration.ofMinutes(2);

    /** Production settings but bcrypt at its lowest cost: registering and logging in stay fast. */
    private static final ChatConfig TEST_CONFIG =
            ChatConfig.builder().bcryptCost(ChatConfig.MIN_BCRYPT_COST).build();

    private final ManualScheduler scheduler = new ManualScheduler();
    private final Random seeds;
    private final SimulatedNetwork network;
    private final SimulatedStreams streams;
    private final List<KademliaNode> nodes = new ArrayList<>();
    private final List<ChatClient> clients = new ArrayList<>();
    private boolean closed;

    private TestNetwork(long seed) {
        this.seeds = new Random(seed);
        this.network = new SimulatedNetwork(scheduler, seeds.nextLong());
        this.streams = new SimulatedStreams(scheduler, seeds.nextLong());
    }

    /** An empty network whose every random choice derives from {@code seed}. */
    public static TestNetwork create(long seed) {
        return new TestNetwork(seed);
    }

    /**
     * Starts {@code count} DHT nodes that store the chat layer's records, as supernodes do; the
     * first node of the network starts it, every other one joins through a node chosen at random.
     * Runs the network until they have joined.
     *
     * @return this network
     * @throws IllegalArgumentException if {@code count} is negative
     * @throws AssertionError if a node did not join within 10 minutes of simulated time
     */
    public TestNetwork addNodes(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        open();
        for (int i = 0; i < count; i++) {
            nodes.add(node());
        }
        return this;
    }

    /** The DHT nodes {@link #addNodes} started, in order (not the clients' own nodes). */
    public List<Dht> nodes() {
        return List.copyOf(nodes);
    }

    /**
     * A chat client on a node of its own, joined to the network through one of its nodes, with
     * the production settings except bcrypt at its lowest cost ({@link ChatConfig#MIN_BCRYPT_COST}).
     *
     * @throws IllegalStateException if the network has no node yet ({@link #addNodes} first)
     */
    public ChatClient newClient() {
        return newClient(TEST_CONFIG);
    }

    /** The same, with these settings. */
    public ChatClient newClient(ChatConfig config) {
        Objects.requireNonNull(config, "config");
        open();
        if (nodes.isEmpty()) {
            throw new IllegalStateException("the network has no node to join: call addNodes first");
        }
        KademliaNode node = node();
        ChatClient client =
                ClientWiring.simulatedClient(node, scheduler, config, streams.transport(node.localAddress()), seeded());
        clients.add(client);
        return client;
    }

    /** Lets {@code duration} of simulated time pass, running everything that falls due meanwhile. */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time does not go back: " + duration);
        }
        scheduler.advance(duration);
    }

    /**
     * Runs the network until {@code future} completes, for at most {@code limit} of simulated
     * time; time stops where the future completed.
     *
     * @return the future's value
     * @throws java.util.concurrent.CompletionException if the future failed (its cause is the
     *     failure, e.g. {@code UsernameTakenException})
     * @throws AssertionError if it is still pending after {@code limit}
     */
    public <T> T runUntil(CompletableFuture<T> future, Duration limit) {
        return scheduler.await(Objects.requireNonNull(future, "future"), limit);
    }

    /** The simulated time. */
    public Instant now() {
        return scheduler.now();
    }

    /**
     * Closes every client this network built (logging out the logged-in users) and then its
     * nodes. A client closes through the network as in production: its user goes offline.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CompletableFuture<Void> clientsClosed = CompletableFuture.allOf(
                clients.stream().map(ChatClient::closeAsync).toArray(CompletableFuture[]::new));
        try {
            scheduler.await(clientsClosed, CLOSE_LIMIT);
        } catch (AssertionError | RuntimeException e) {
            // a client that could not say goodbye in time is closed with its node below
        }
        nodes.forEach(KademliaNode::close);
    }

    private KademliaNode node() {
        KademliaNode node = scheduler.await(
                ConfChat.withChatRecordRules(NodeInternals.transport(KademliaNode.builder(), network.transport())
                                .scheduler(scheduler)
                                .random(seeded())
                                .identity(NodeIdentity.generate(seeded()))
                                .cryptoExecutor(Runnable::run)) // deterministic: sign on the test's thread
                        .start(),
                STEP_LIMIT);
        if (!nodes.isEmpty()) {
            KademliaNode via = nodes.get(seeds.nextInt(nodes.size()));
            scheduler.await(node.bootstrap(List.of(via.localAddress())), STEP_LIMIT);
        }
        return node;
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException("this test network is closed");
        }
    }

    private SecureRandom seeded() {
        return SeededRandom.of(seeds.nextLong());
    }
}
