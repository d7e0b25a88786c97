package io.confchat.bench.group;

import io.confchat.api.RpcKind;
import io.confchat.dht.NodeSnapshot;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What all DHT nodes of a run sent, summed from their snapshots' counters: requests per kind (a
 * STORE too large for a datagram goes over a stream, so this counts what the datagram count
 * misses) and records refused because a quota was full. Differences between two points show what
 * ran in between. An immutable value.
 */
record NodeTraffic(Map<RpcKind, Long> requests, long quotaRefusals) {
    static NodeTraffic of(List<NodeSnapshot> nodes) {
        Map<RpcKind, Long> requests = new EnumMap<>(RpcKind.class);
        for (RpcKind k : RpcKind.values()) {
            requests.put(k, nodes.stream().mapToLong(n -> n.rpc(k).sent()).sum());
        }
        return new NodeTraffic(
                requests, nodes.stream().mapToLong(NodeSnapshot::quotaRefusals).sum());
    }

    /** What was sent and refused after {@code before}. */
    NodeTraffic since(NodeTraffic before) {
        Map<RpcKind, Long> diff = new EnumMap<>(RpcKind.class);
        requests.forEach((k, v) -> diff.put(k, v - before.requests.get(k)));
        return new NodeTraffic(diff, quotaRefusals - before.quotaRefusals);
    }

    /** Requests per kind divided by {@code n}, e.g. {@code PING=0.5 FIND_NODE=20.0 ...}. */
    String requestsPer(int n) {
        return requests.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s=%.1f", e.getKey(), (double) e.getValue() / n))
                .collect(Collectors.joining(" "));
    }
}
