package io.confchat.cli;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.UsernameTakenException;
import io.confchat.chat.ChatConfig;
import io.confchat.chat.ConfChat;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.KademliaNodeBuilder;
import io.confchat.dht.NodeSnapshot;
import io.confchat.dht.crypto.NodeIdentity;
import io.confchat.dht.relay.RelayLimits;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code confchat supernode}: runs a DHT node that others bootstrap through, until Ctrl-C or
 * SIGTERM.
 *
 * <p>Once running it prints three lines to stdout, which scripts and tests parse:
 *
 * <pre>
 * node id: &lt;64 hex digits&gt;
 * listening on &lt;ip&gt;:&lt;port&gt;[, &lt;ip&gt;:&lt;port&gt;...] (reachable: yes|no|not checked yet; relay: on|off)
 * press Ctrl-C to stop
 * </pre>
 *
 * With {@code --status-every 30s} a status line follows every 30 s ({@link NodeStatus}: text, or
 * JSON with {@code --json}).
 *
 * <p>The second line lists the endpoints the node advertises, best first (IPv6 ones in brackets),
 * or says {@code port <n>, with no address to advertise yet} when it has none; then whether peers
 * can dial it (a supernode that joined others waits a few seconds for their answer; the first
 * node of a network has nobody to ask yet) and whether it serves as a relay.
 */
@Command(
        name = "supernode",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Runs a DHT node that other nodes bootstrap through, until Ctrl-C.")
final class SupernodeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(SupernodeCommand.class);
    static final List<String> DEMO_USERS = List.of("alice", "bob", "carol", "dave", "eve");
    static final String DEMO_PASSWORD = "123";

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--port",
            defaultValue = "4000",
            converter = PortConverter.class,
            description = "UDP and TCP port to bind; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(
            names = "--host",
            paramLabel = "<address>",
            description = "Address to bind, e.g. 127.0.0.1 for this machine only (default: every interface, "
                    + "IPv4 and IPv6).")
    private String host;

    @Option(
            names = "--advertise",
            paramLabel = "<host:port>",
            converter = HostPortConverter.class,
            description = "Tell peers to reach this node at <host:port> first, e.g. when a router forwards "
                    + "the port to it.")
    private InetSocketAddress advertise;

    @Option(
            names = "--data-dir",
            paramLabel = "<dir>",
            description = "Keeps the node's state in <dir>: its key (node.key, so the id survives "
                    + "restarts), the records it stores (records.mv, kept even if the process is killed) "
                    + "and its contacts, through which a restarted node rejoins by itself. Without it "
                    + "everything lives in memory.")
    private Path dataDir;

    @Option(
            names = "--bootstrap",
            paramLabel = "<host:port>",
            converter = HostPortConverter.class,
            description = "A running node to join the network through; repeatable.")
    private List<InetSocketAddress> bootstrap = new ArrayList<>();

    @Option(
            names = "--relay",
            negatable = true,
            defaultValue = "true",
            description = "Serve as a relay for users behind NATs, while peers can reach this node "
                    + "(default: on; --no-relay turns it off).")
    private boolean relay;

    @Option(
            names = "--demo-users",
            description = "Registers the demo users alice, bob, carol, dave and eve, all with the password "
                    + "'123'. For demos only: anyone can log in as them.")
    private boolean demoUsers;

    @Option(
            names = "--status-every",
            paramLabel = "<duration>",
            converter = DurationConverter.class,
            description = "Print a one-line status this often, e.g. 30s or 5m: contacts, records stored, "
                    + "requests per second, timeouts, connections, reachability, relay use (default: never).")
    private Duration statusEvery;

    @Option(names = "--json", description = "Print each status line as a JSON object (with --status-every).")
    private boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        NodeIdentity identity;
        try {
            identity = identity();
        } catch (IOException e) {
            err.println("confchat supernode: cannot use the node key: " + e.getMessage());
            return ExitCode.SOFTWARE;
        }
        KademliaNode node;
        try {
            KademliaNodeBuilder builder = ConfChat.withChatRecordRules(
                    KademliaNode.builder().port(port).identity(identity));
            if (host != null) {
                builder.host(host);
            }
            if (advertise != null) {
                builder.advertise(advertise);
            }
            if (dataDir != null) {
                builder.dataDirectory(dataDir);
            }
            if (relay) {
                builder.relay(RelayLimits.DEFAULT);
            }
            node = builder.start().join();
        } catch (CompletionException e) {
            err.println("confchat supernode: cannot listen on " + (host != null ? host : "every interface") + ", port "
                    + port + ": " + reason(e));
            return ExitCode.SOFTWARE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            node.close();
                            stopped.countDown();
                        },
                        "confchat-shutdown"));
        if (!bootstrap.isEmpty()) {
            try {
                node.bootstrap(bootstrap).join();
            } catch (CompletionException e) {
                node.close();
                err.println("confchat supernode: " + reason(e));
                return ExitCode.SOFTWARE;
            }
            log.info(
                    "joined through {} bootstrap node(s), {} contacts",
                    bootstrap.size(),
                    node.contacts().size());
        }
        if (bootstrap.isEmpty()) {
            try {
                node.rejoin().join();
                if (!node.contacts().isEmpty()) {
                    log.info(
                            "rejoined through saved contacts, {} contacts",
                            node.contacts().size());
                }
            } catch (CompletionException e) {
                log.warn("none of the saved contacts answered; waiting for nodes to bootstrap through this one");
            }
        }
        if (demoUsers) {
            registerDemoUsers(node, out);
        }
        out.println("node id: " + node.localId().toHex());
        if (!node.contacts().isEmpty()) {
            Endpoints.awaitReachability(node, Duration.ofSeconds(5));
        }
        out.println("listening on " + Endpoints.describe(node) + " (reachable: " + Endpoints.reachability(node)
                + "; relay: " + (relay ? "on" : "off") + ")");
        out.println("press Ctrl-C to stop");
        out.flush();
        if (statusEvery != null) {
            startStatus(node, out);
        } else if (json) {
            err.println("confchat supernode: --json applies to the status lines: add --status-every");
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            node.close();
        }
        return ExitCode.OK;
    }

    /** Prints the status line every {@link #statusEvery}, on a daemon thread of its own. */
    private void startStatus(KademliaNode node, PrintWriter out) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "confchat-status");
            t.setDaemon(true);
            return t;
        });
        NodeSnapshot[] last = {node.snapshot()};
        long[] lastNanos = {System.nanoTime()};
        long period = statusEvery.toMillis();
        timer.scheduleAtFixedRate(
                () -> {
                    NodeSnapshot now = node.snapshot();
                    long nanos = System.nanoTime();
                    Duration elapsed = Duration.ofNanos(nanos - lastNanos[0]);
                    String line = json
                            ? NodeStatus.json(last[0], now, elapsed, Instant.now())
                            : NodeStatus.text(last[0], now, elapsed);
                    last[0] = now;
                    lastNanos[0] = nanos;
                    synchronized (out) {
                        out.println(line);
                        out.flush();
                    }
                },
                period,
                period,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Registers the original's demo users from this node. Their password is public, so anyone
     * can log in as them: say so where nobody can miss it.
     */
    private static void registerDemoUsers(KademliaNode node, PrintWriter out) {
        ChatClient demo = ConfChat.clientOn(
                node, ChatConfig.builder().allowDemoPasswords(true).build());
        List<String> registered = new ArrayList<>();
        for (String user : DEMO_USERS) {
            try {
                demo.register(user, DEMO_PASSWORD).join();
                registered.add(user);
            } catch (CompletionException e) {
                if (e.getCause() instanceof UsernameTakenException) {
                    registered.add(user); // registered by an earlier run (the data directory keeps it)
                } else {
                    log.warn("demo user {} not registered: {}", user, Failures.describe(e));
                }
            }
        }
        out.println("*** DEMO USERS " + String.join(", ", registered) + " with password '" + DEMO_PASSWORD
                + "': for demos only, anyone can log in as them ***");
    }

    private NodeIdentity identity() throws IOException {
        SecureRandom random = new SecureRandom();
        if (dataDir == null) {
            return NodeIdentity.generate(random);
        }
        return NodeIdentity.of(new NodeKeyFile(dataDir).loadOrCreate(random));
    }

    private static String reason(CompletionException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause.getMessage() != null
                ? cause.getMessage()
                : cause.getClass().getSimpleName();
    }
}
