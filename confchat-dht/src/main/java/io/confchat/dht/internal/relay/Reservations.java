package io.confchat.dht.internal.relay;

import io.confchat.api.NodeId;
import io.confchat.dht.internal.relay.proto.RefusedReason;
import io.confchat.dht.internal.routing.IpDiversity;
import io.confchat.dht.relay.RelayLimits;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The reservations a relay holds: one per node id, each alive with its connection, within the
 * caps of {@link RelayLimits} (in all, and per public IP). A node that reserves again replaces its
 * older reservation. Thread-safe.
 */
final class Reservations {
    /** A reservation: the node, its connection, and the IP that connection comes from. */
    record Held(NodeId node, Channel control, InetAddress ip) {}

    private final RelayLimits limits;
    private final Map<NodeId, Held> byNode = new HashMap<>();
    private final Map<InetAddress, Integer> perIp = new HashMap<>();

    Reservations(RelayLimits limits) {
        this.limits = limits;
    }

    /** Whether a reservation from {@code ip} could be taken now (checked again when it is). */
    synchronized Optional<RefusedReason> room(InetAddress ip) {
        if (byNode.size() >= limits.reservations()
                || (!IpDiversity.isExempt(ip) && perIp.getOrDefault(ip, 0) >= limits.reservationsPerIp())) {
            return Optional.of(RefusedReason.REFUSED_REASON_RESOURCE_LIMIT);
        }
        return Optional.empty();
    }

    /** Takes a reservation; the node's older one, if any, is returned so it can be closed. */
    synchronized Optional<Held> add(Held held) {
        Held older = byNode.remove(held.node());
        if (older != null) {
            uncount(older.ip());
        }
        byNode.put(held.node(), held);
        perIp.merge(held.ip(), 1, Integer::sum);
        return Optional.ofNullable(older);
    }

    /** Ends a reservation (its connection closed); nothing if another replaced it. */
    synchronized void remove(Held held) {
        if (byNode.remove(held.node(), held)) {
            uncount(held.ip());
        }
    }

    synchronized Optional<Held> get(NodeId node) {
        return Optional.ofNullable(byNode.get(node));
    }

    synchronized int size() {
        return byNode.size();
    }

    private void uncount(InetAddress ip) {
        perIp.merge(ip, -1, (a, b) -> a + b <= 0 ? null : a + b);
    }
}
