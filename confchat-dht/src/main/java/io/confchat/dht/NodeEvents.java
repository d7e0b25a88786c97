package io.confchat.dht;

import io.confchat.api.NodeId;
import io.confchat.dht.relay.RelayedEndpoint;
import io.confchat.dht.time.Scheduler;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what happens inside a node into {@link NodeEvent}s, and the one place they reach the
 * listeners: in order, one at a time, on the node's event executor, never on the thread that
 * noticed the change (often a network thread, or inside a lock). The sources only call the {@code
 * on...} methods, which compare with the last state seen and queue an event when it changed.
 * Thread-safe.
 */
final class NodeEvents {
    private static final Logger log = LoggerFactory.getLogger(NodeEvents.class);

    private final NodeId node;
    private final Executor executor;
    private final Scheduler scheduler;
    private final Duration quotaInterval;
    private final List<Consumer<NodeEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Queue<NodeEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    private Reachability reachability;
    private Set<RelayedEndpoint> relays = Set.of();
    private boolean inNetwork;
    private long quotaToldAtNanos;
    private boolean quotaEverTold;
    private long quotaTold;
    private boolean quotaPending;

    NodeEvents(NodeId node, Executor executor, Scheduler scheduler, Duration quotaInterval, Reachability initial) {
        this.node = node;
        this.executor = executor;
        this.scheduler = scheduler;
        this.quotaInterval = quotaInterval;
        this.reachability = initial;
    }

    void add(Consumer<NodeEvent> listener) {
        listeners.add(listener);
    }

    void remove(Consumer<NodeEvent> listener) {
        listeners.remove(listener);
    }

    /** What the node can tell peers changed: its reachability, or the relays it holds. */
    synchronized void onConnectivity(Reachability now, List<RelayedEndpoint> held) {
        if (now != reachability) {
            queue.add(new NodeEvent.ReachabilityChanged(node, reachability, now));
            reachability = now;
        }
        Set<RelayedEndpoint> current = new LinkedHashSet<>(held);
        for (RelayedEndpoint gone : relays) {
            if (!current.contains(gone)) {
                queue.add(new NodeEvent.RelayLost(node, gone));
            }
        }
        for (RelayedEndpoint fresh : current) {
            if (!relays.contains(fresh)) {
                queue.add(new NodeEvent.RelayReserved(node, fresh));
            }
        }
        relays = Set.copyOf(current);
        drainLater();
    }

    /** The routing table holds {@code contacts} now. */
    synchronized void onRoutingTableSize(int contacts) {
        if (contacts > 0 && !inNetwork) {
            inNetwork = true;
            queue.add(new NodeEvent.NetworkJoined(node));
        } else if (contacts == 0 && inNetwork) {
            inNetwork = false;
            queue.add(new NodeEvent.NetworkLost(node));
        }
        drainLater();
    }

    /**
     * A record was refused for a full quota; {@code total} reads the refusals since start. The
     * first refusal is told at once, later ones at most once per interval (a timer tells those
     * of the rest of the interval), so a flood cannot flood the listeners.
     */
    synchronized void onQuotaRefusal(LongSupplier total) {
        if (quotaPending) {
            return;
        }
        long now = scheduler.nanoTime();
        long wait = quotaEverTold ? quotaInterval.toNanos() - (now - quotaToldAtNanos) : 0;
        if (wait <= 0) {
            tellQuota(total.getAsLong(), now);
            return;
        }
        quotaPending = true;
        scheduler.schedule(Duration.ofNanos(wait), () -> {
            synchronized (this) {
                quotaPending = false;
                tellQuota(total.getAsLong(), scheduler.nanoTime());
            }
        });
    }

    private void tellQuota(long total, long nowNanos) {
        if (total > quotaTold) {
            queue.add(new NodeEvent.QuotaRefused(node, total - quotaTold, total));
            quotaTold = total;
            quotaToldAtNanos = nowNanos;
            quotaEverTold = true;
            drainLater();
        }
    }

    /** Sends the queued events to the listeners on the executor, one run at a time. */
    private void drainLater() {
        if (!queue.isEmpty() && draining.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        try {
            NodeEvent e;
            while ((e = queue.poll()) != null) {
                for (Consumer<NodeEvent> l : listeners) {
                    try {
                        l.accept(e);
                    } catch (RuntimeException failure) {
                        log.warn("a node event listener failed on {}", e, failure);
                    }
                }
            }
        } finally {
            draining.set(false);
        }
        drainLater(); // an event queued after the loop's last poll and before the flag was cleared
    }
}
