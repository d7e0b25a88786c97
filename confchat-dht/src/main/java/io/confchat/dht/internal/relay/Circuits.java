package io.confchat.dht.internal.relay;

import io.confchat.api.NodeId;
import io.confchat.dht.internal.relay.proto.RefusedReason;
import io.confchat.dht.internal.routing.IpDiversity;
import io.confchat.dht.relay.RelayLimits;
import io.confchat.dht.time.Scheduler;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A relay's circuits, waiting for their reserving node or bridged: counted in all, per reserving
 * node and per dialer IP (public IPs only) against {@link RelayLimits}. A slot is taken when a
 * dialer asks and given back when the circuit fails or closes. Thread-safe.
 */
final class Circuits {
    /** A dialer waiting for the reserving node to take its circuit. */
    record Waiting(NodeId target, Channel dialer, InetAddress dialerIp, Scheduler.Cancellable timer) {}

    /** A slot held by one circuit, given back once. */
    record Slot(NodeId target, InetAddress dialerIp) {}

    private final RelayLimits limits;
    private final Map<ByteBuffer, Waiting> waiting = new HashMap<>();
    private final Map<NodeId, Integer> perTarget = new HashMap<>();
    private final Map<InetAddress, Integer> perDialer = new HashMap<>();
    private int total;

    Circuits(RelayLimits limits) {
        this.limits = limits;
    }

    /** Takes a slot for a circuit from {@code dialerIp} to {@code target}, or says why not. */
    synchronized Optional<RefusedReason> open(NodeId target, InetAddress dialerIp) {
        boolean dialerFull =
                !IpDiversity.isExempt(dialerIp) && perDialer.getOrDefault(dialerIp, 0) >= limits.circuitsPerPeer();
        if (total >= limits.circuits() || perTarget.getOrDefault(target, 0) >= limits.circuitsPerPeer() || dialerFull) {
            return Optional.of(RefusedReason.REFUSED_REASON_RESOURCE_LIMIT);
        }
        total++;
        perTarget.merge(target, 1, Integer::sum);
        perDialer.merge(dialerIp, 1, Integer::sum);
        return Optional.empty();
    }

    /** Gives a slot back (the circuit failed or closed). */
    synchronized void close(Slot slot) {
        total = Math.max(0, total - 1);
        perTarget.merge(slot.target(), -1, (a, b) -> a + b <= 0 ? null : a + b);
        perDialer.merge(slot.dialerIp(), -1, (a, b) -> a + b <= 0 ? null : a + b);
    }

    synchronized void await(byte[] circuit, Waiting w) {
        waiting.put(ByteBuffer.wrap(circuit.clone()), w);
    }

    /** The dialer waiting on {@code circuit}, no longer waiting. */
    synchronized Optional<Waiting> take(byte[] circuit) {
        return Optional.ofNullable(waiting.remove(ByteBuffer.wrap(circuit)));
    }

    /** Circuits waiting or bridged. */
    synchronized int size() {
        return total;
    }
}
