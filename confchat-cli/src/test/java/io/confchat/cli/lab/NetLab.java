package io.confchat.cli.lab;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network lab of Linux network namespaces for tests that need several machines: hosts,
 * switches (bridges) and NAT routers ({@code nft} masquerade), all built with {@code ip netns}
 * and veth pairs.
 *
 * <pre>
 *   [host]--veth--[switch ns: br0]--veth--[router: wan | lan]--veth--[switch ns: br0]--veth--[host]
 *        public network                       masquerade               a home network
 * </pre>
 *
 * <p>Everything lives in namespaces this lab creates, named {@code ccl-<pid>-<lab>-<name>}:
 * nothing is added to the root namespace, so no lab address is reachable from it and no lab
 * packet can leave (use documentation ranges such as 203.0.113.0/24 for "public" networks and
 * private ranges for homes). {@link #close} kills whatever still runs in the namespaces and
 * deletes them; a shutdown hook does the same if the JVM exits first, and {@link #open} removes
 * the namespaces of earlier runs whose JVM died without cleaning up.
 *
 * <p>{@link #open} skips the calling test (a JUnit assumption) unless it runs as root with
 * {@code ip} (iproute2) and {@code nft} (nftables) installed. Not thread-safe: build a lab from
 * one thread.
 */
public final class NetLab implements AutoCloseable {
    private static final String PREFIX = "ccl-";
    private static final AtomicInteger LABS = new AtomicInteger();

    private final String ip;
    private final String nft;
    private final String runPrefix;
    private final List<String> namespaces = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::close, "netlab-cleanup");
    private boolean closed;

    private NetLab(String ip, String nft) {
        this.ip = ip;
        this.nft = nft;
        this.runPrefix = PREFIX + ProcessHandle.current().pid() + "-" + LABS.incrementAndGet() + "-";
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * A new, empty lab; skips the calling test unless root with {@code ip} and {@code nft}.
     * Removes what crashed earlier runs left behind first.
     */
    public static NetLab open() {
        assumeTrue(
                isRoot(),
                "network-namespace lab skipped: it needs root (CI runs as root; run 'sudo mvn verify' to include it)");
        Optional<String> ip = Commands.find("ip");
        Optional<String> nft = Commands.find("nft");
        assumeTrue(
                ip.isPresent() && nft.isPresent(),
                "network-namespace lab skipped: it needs 'ip' and 'nft' (apt-get install iproute2 nftables)");
        removeStale(ip.get());
        return new NetLab(ip.get(), nft.get());
    }

    /** A switch: a bridge in a namespace of its own, for hosts numbered within {@code prefixes}. */
    public LabNetwork network(String name, String... prefixes) {
        String namespace = createNamespace("sw-" + name);
        ip("-n", namespace, "link", "add", "br0", "type", "bridge");
        ip("-n", namespace, "link", "set", "br0", "up");
        return new LabNetwork(name, namespace, List.of(prefixes));
    }

    /** A machine with only a loopback interface; {@link LabHost#attach} connects it. */
    public LabHost host(String name) {
        return new LabHost(this, name, createNamespace(name));
    }

    /**
     * A home router: {@code wan} on the outer network, {@code lan} on the home network, forwarding
     * from the home out and answers back in, translating with {@code nat}; nothing from outside
     * reaches the home unless it answers a flow the home opened. Like most home routers it drops,
     * rather than refuses, a new TCP or UDP flow from outside to itself (no RST, no ICMP port
     * unreachable): a hole punch's SYN that arrives before the home's own went out is lost and
     * retransmitted, as on a real router, instead of being refused.
     */
    public LabHost natRouter(String name, LabNetwork outer, String wanCidr, LabNetwork home, String lanCidr, Nat nat) {
        LabHost router = host(name);
        router.attach(outer, wanCidr, "wan");
        router.attach(home, lanCidr, "lan");
        router.run("sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward");
        String rules = """
                table ip lab {
                    chain forward {
                        type filter hook forward priority filter; policy drop;
                        iifname "lan" oifname "wan" accept
                        ct state established,related accept
                    }
                    chain input {
                        type filter hook input priority filter; policy accept;
                        iifname "wan" ct state new meta l4proto { tcp, udp } drop
                    }
                    chain postrouting {
                        type nat hook postrouting priority srcnat; policy accept;
                        oifname "wan" %s
                    }
                }
                """.formatted(nat.rule);
        Commands.run(router.command(List.of(nft, "-f", "-")), rules);
        return router;
    }

    /**
     * Cuts a router's outer link, as an unplugged cable does: from now on nothing passes its
     * {@code wan} interface either way (no error comes back either), until {@link #reconnect}.
     * Addresses and routes stay as they are.
     */
    public void cutOff(LabHost router) {
        String rules = """
                table inet lab-cut {
                    chain in { type filter hook input priority -10; policy accept; iifname "wan" drop; }
                    chain through { type filter hook forward priority -10; policy accept; iifname "wan" drop; oifname "wan" drop; }
                    chain out { type filter hook output priority -10; policy accept; oifname "wan" drop; }
                }
                """;
        Commands.run(router.command(List.of(nft, "-f", "-")), rules);
    }

    /** Ends a {@link #cutOff}. */
    public void reconnect(LabHost router) {
        Commands.run(router.command(List.of(nft, "delete", "table", "inet", "lab-cut")));
    }

    /** Connects {@code host} to {@code network} through a veth pair, both ends created in place. */
    void plug(LabHost host, LabNetwork network, String device, String cidr) {
        String port = network.nextPort();
        ip(
                "-n",
                network.switchNamespace,
                "link",
                "add",
                port,
                "type",
                "veth",
                "peer",
                "name",
                device,
                "netns",
                host.namespace);
        ip("-n", network.switchNamespace, "link", "set", port, "master", "br0");
        ip("-n", network.switchNamespace, "link", "set", port, "up");
        ip("-n", host.namespace, "addr", "add", cidr, "dev", device);
        ip("-n", host.namespace, "link", "set", device, "up");
        for (String prefix : network.prefixes) {
            // every prefix of the network is on the link (the host's own one replaces the kernel's route)
            ip("-n", host.namespace, "route", "replace", prefix, "dev", device);
        }
    }

    String ip(String... args) {
        List<String> command = new ArrayList<>(List.of(ip));
        command.addAll(List.of(args));
        return Commands.run(command);
    }

    /** The namespaces this lab created, in order. */
    synchronized List<String> namespaces() {
        return List.copyOf(namespaces);
    }

    String ipTool() {
        return ip;
    }

    /** {@code ss} (iproute2, installed with {@code ip}). */
    String ssTool() {
        return Commands.find("ss").orElseThrow(() -> new IllegalStateException("ss (iproute2) is not installed"));
    }

    private String createNamespace(String name) {
        if (closed) {
            throw new IllegalStateException("the lab is closed");
        }
        String namespace = runPrefix + name;
        ip("netns", "add", namespace);
        namespaces.add(namespace);
        ip("-n", namespace, "link", "set", "lo", "up");
        return namespace;
    }

    /** Kills every process still running in the lab's namespaces and deletes them. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (String namespace : namespaces) {
            killProcessesIn(ip, namespace);
        }
        for (String namespace : namespaces) {
            Commands.attempt(List.of(ip, "netns", "delete", namespace), null);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: this is the hook running
        }
    }

    /** Deletes the namespaces of labs whose JVM is gone (a crash or a killed build). */
    private static void removeStale(String ip) {
        for (String line : Commands.run(List.of(ip, "netns", "list")).split("\n")) {
            String namespace = line.split(" ")[0];
            if (!namespace.startsWith(PREFIX)) {
                continue;
            }
            String[] parts = namespace.split("-");
            long pid;
            try {
                pid = Long.parseLong(parts[1]);
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                continue;
            }
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                continue; // another JVM's lab, still running
            }
            killProcessesIn(ip, namespace);
            Commands.attempt(List.of(ip, "netns", "delete", namespace), null);
        }
    }

    private static void killProcessesIn(String ip, String namespace) {
        Commands.Result pids = Commands.attempt(List.of(ip, "netns", "pids", namespace), null);
        if (pids.exitCode() != 0) {
            return;
        }
        List<CompletableFuture<ProcessHandle>> exits = new ArrayList<>();
        for (String pid : pids.output().trim().split("\\s+")) {
            if (!pid.isEmpty()) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(p -> {
                    p.destroyForcibly();
                    exits.add(p.onExit().completeOnTimeout(p, 5, TimeUnit.SECONDS));
                });
            }
        }
        CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new)).join();
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
