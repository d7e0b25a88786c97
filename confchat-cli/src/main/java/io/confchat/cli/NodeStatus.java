package io.confchat.cli;

import io.confchat.api.RpcCounts;
import io.confchat.api.RpcKind;
import io.confchat.dht.NodeSnapshot;
import io.confchat.dht.Reachability;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The supernode's periodic status: one line made of two {@link NodeSnapshot}s, the one now and the
 * one of the previous line, so request counts become rates over the interval. As text:
 *
 * <pre>
 * status: 12 contacts, 340 records (1.2 MiB), requests in 4.1/s out 3.9/s, 2 timed out, connections 3 in 1 out, reachable yes, relay 1 reservation 0 circuits
 * </pre>
 *
 * or as one JSON object ({@code --json}), with the counters since start as well as the rates:
 *
 * <pre>
 * {"event":"status","time":"…","contacts":12,"records":340,"bytes":1258291,"quotaRefusals":0,
 *  "rpc":{"ping":{"sent":…,"received":…,"timedOut":…},…},"requestsInPerSecond":4.1,
 *  "requestsOutPerSecond":3.9,"timeoutsInInterval":2,"connectionsIn":3,"connectionsOut":1,
 *  "reachable":"yes","relaysHeld":0,"relayReservations":1,"relayCircuits":0}
 * </pre>
 *
 * The relay fields appear only for a node that serves as a relay.
 */
final class NodeStatus {
    private NodeStatus() {}

    /** The text line. */
    static String text(NodeSnapshot previous, NodeSnapshot now, Duration elapsed) {
        StringBuilder line = new StringBuilder("status: ");
        line.append(now.routingTableSize()).append(now.routingTableSize() == 1 ? " contact, " : " contacts, ");
        line.append(now.storedRecords()).append(now.storedRecords() == 1 ? " record (" : " records (");
        line.append(bytes(now.storedBytes())).append("), ");
        line.append("requests in ")
                .append(rate(received(now) - received(previous), elapsed))
                .append("/s");
        line.append(" out ").append(rate(sent(now) - sent(previous), elapsed)).append("/s, ");
        line.append(now.rpcTimeouts() - previous.rpcTimeouts()).append(" timed out, ");
        line.append("connections ")
                .append(now.inboundConnections())
                .append(" in ")
                .append(now.outboundConnections())
                .append(" out, ");
        line.append("reachable ").append(reachable(now.reachability()));
        now.relayService()
                .ifPresent(r -> line.append(", relay ")
                        .append(r.reservations())
                        .append(r.reservations() == 1 ? " reservation " : " reservations ")
                        .append(r.circuits())
                        .append(r.circuits() == 1 ? " circuit" : " circuits"));
        if (!now.relaysHeld().isEmpty()) {
            line.append(", reached through ").append(now.relaysHeld().size()).append(" relay(s)");
        }
        return line.toString();
    }

    /** The JSON line. */
    static String json(NodeSnapshot previous, NodeSnapshot now, Duration elapsed, Instant time) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("event", "status");
        o.put("time", time.toString());
        o.put("contacts", now.routingTableSize());
        o.put("records", now.storedRecords());
        o.put("bytes", now.storedBytes());
        o.put("quotaRefusals", now.quotaRefusals());
        Map<String, Object> rpc = new LinkedHashMap<>();
        for (RpcKind kind : RpcKind.values()) {
            RpcCounts c = now.rpc(kind);
            Map<String, Object> counts = new LinkedHashMap<>();
            counts.put("sent", c.sent());
            counts.put("received", c.received());
            counts.put("timedOut", c.timedOut());
            rpc.put(kind.name().toLowerCase(Locale.ROOT), counts);
        }
        o.put("rpc", rpc);
        o.put("requestsInPerSecond", Double.valueOf(rate(received(now) - received(previous), elapsed)));
        o.put("requestsOutPerSecond", Double.valueOf(rate(sent(now) - sent(previous), elapsed)));
        o.put("timeoutsInInterval", now.rpcTimeouts() - previous.rpcTimeouts());
        o.put("connectionsIn", now.inboundConnections());
        o.put("connectionsOut", now.outboundConnections());
        o.put("reachable", reachableValue(now.reachability()));
        o.put("relaysHeld", now.relaysHeld().size());
        now.relayService().ifPresent(r -> {
            o.put("relayReservations", r.reservations());
            o.put("relayCircuits", r.circuits());
        });
        return Json.write(o);
    }

    private static long sent(NodeSnapshot s) {
        return s.rpcs().values().stream().mapToLong(RpcCounts::sent).sum();
    }

    private static long received(NodeSnapshot s) {
        return s.rpcs().values().stream().mapToLong(RpcCounts::received).sum();
    }

    /** Events per second with one decimal. */
    private static String rate(long count, Duration elapsed) {
        double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
        return String.format(Locale.ROOT, "%.1f", count / seconds);
    }

    private static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
    }

    private static String reachable(Reachability r) {
        return switch (r) {
            case PUBLIC -> "yes";
            case PRIVATE -> "no";
            case UNKNOWN -> "not checked yet";
        };
    }

    private static String reachableValue(Reachability r) {
        return switch (r) {
            case PUBLIC -> "yes";
            case PRIVATE -> "no";
            case UNKNOWN -> "unknown";
        };
    }
}
