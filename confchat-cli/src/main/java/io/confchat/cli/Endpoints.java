package io.confchat.cli;

import io.confchat.dht.KademliaNode;
import io.confchat.dht.Reachability;
import io.confchat.dht.relay.RelayedEndpoint;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** How the CLI shows where a node is reached: its endpoints, its relays, its reachability. */
final class Endpoints {
    private Endpoints() {}

    /**
     * The advertised endpoints, comma-separated (as {@link HostPortConverter} reads them), then
     * the relays the node is reached through, if any; when there is nothing, the port and that
     * nothing can be advertised yet.
     */
    static String describe(KademliaNode node) {
        List<InetSocketAddress> advertised = node.advertisedEndpoints();
        List<InetSocketAddress> relays =
                node.relayedEndpoints().stream().map(RelayedEndpoint::relay).toList();
        StringBuilder out = new StringBuilder(
                advertised.isEmpty() && relays.isEmpty()
                        ? "port " + node.localAddress().getPort() + ", with no address to advertise yet"
                        : HostPortConverter.format(advertised));
        if (!relays.isEmpty()) {
            out.append(advertised.isEmpty() ? "" : ", ")
                    .append(relays.size() == 1 ? "through relay " : "through relays ")
                    .append(HostPortConverter.format(relays));
        }
        return out.toString();
    }

    /**
     * Whether peers can dial the node: "yes", "no" (with the NAT's address when peers saw one), or
     * "not checked yet".
     */
    static String reachability(KademliaNode node) {
        return switch (node.reachability()) {
            case PUBLIC -> "yes";
            case PRIVATE ->
                node.observedEndpoints().isEmpty()
                        ? "no"
                        : "no, behind a NAT at "
                                + node.observedEndpoints().get(0).getAddress().getHostAddress();
            case UNKNOWN -> "not checked yet";
        };
    }

    /** The same as a JSON value: "yes", "no" or "unknown". */
    static String reachabilityValue(KademliaNode node) {
        return switch (node.reachability()) {
            case PUBLIC -> "yes";
            case PRIVATE -> "no";
            case UNKNOWN -> "unknown";
        };
    }

    /**
     * Waits (at most {@code max}) until the node's reachability is known and, when it is private,
     * it holds its {@value KademliaNode#RELAYS} relay reservations, so what is printed is what
     * peers will use (with the first alone, a loaded machine printed one relay of two).
     */
    static void awaitReachability(KademliaNode node, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline && !settled(node)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Reachable, or unreachable and holding all its relays (a network with fewer waits the time out). */
    private static boolean settled(KademliaNode node) {
        Reachability r = node.reachability();
        return r == Reachability.PUBLIC
                || (r == Reachability.PRIVATE && node.relayedEndpoints().size() >= KademliaNode.RELAYS);
    }
}
