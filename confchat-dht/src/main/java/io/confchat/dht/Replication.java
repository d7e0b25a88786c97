package io.confchat.dht;

import io.confchat.api.Contact;
import io.confchat.api.DhtKey;
import io.confchat.api.NodeId;
import io.confchat.api.SignedRecord;
import io.confchat.dht.internal.routing.Distance;
import io.confchat.dht.internal.routing.RoutingTable;
import io.confchat.dht.internal.rpc.RpcEndpoint;
import io.confchat.dht.internal.storage.RecordStorage;
import io.confchat.dht.internal.wire.Message.FindNode;
import io.confchat.dht.internal.wire.Message.Nodes;
import io.confchat.dht.store.StoredRecord;
import io.confchat.dht.time.Scheduler;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps records alive on the k closest nodes as nodes come and go (Kademlia section 2.5,
 * docs/architecture.md#reliability):
 *
 * <ul>
 *   <li><b>Re-replication</b>: once per replication interval a storing node looks up each key's k
 *       closest nodes and sends them its records. A key some other node stored to us during the
 *       interval is skipped: that node has just done the work, so usually one replica per key
 *       replicates per period.
 *   <li><b>Hand-off</b>: a contact newly admitted to the routing table receives the records of the
 *       keys it is now among the k closest for, from the {@value #HANDOFF_REPLICAS} replicas of
 *       each key closest to the newcomer (not to the key: see {@link #handOff}).
 * </ul>
 *
 * Records passed on carry the lifetime they have left, so replication never extends a record's
 * life. At most {@link #PARALLEL_KEYS} keys are replicated at once. Thread-safe.
 */
final class Replication {
    private static final Logger log = LoggerFactory.getLogger(Replication.class);
    /** Keys replicated concurrently by one node. */
    static final int PARALLEL_KEYS = 4;
    /**
     * How many of a key's replicas (the closest to the newcomer) hand its records to a newcomer:
     * more than one, since a replica may not have admitted the newcomer yet; few enough not to
     * flood it with k copies while it joins.
     */
    static final int HANDOFF_REPLICAS = 8;

    private final NodeId self;
    private final DhtConfig config;
    private final Scheduler scheduler;
    private final RoutingTable routing;
    private final RecordStorage storage;
    private final RpcEndpoint rpc;
    private final Lookups lookups;
    private final Replicas replicas;
    /** Per key, the records a fellow replica re-sent us, by (owner, slot): seq and when. */
    private final Map<DhtKey, Map<ByteBuffer, Refreshed>> refreshed = new ConcurrentHashMap<>();

    private record Refreshed(long seq, long atNanos) {}

    Replication(
            NodeId self,
            DhtConfig config,
            Scheduler scheduler,
            RoutingTable routing,
            RecordStorage storage,
            RpcEndpoint rpc,
            Lookups lookups,
            Replicas replicas) {
        this.self = self;
        this.config = config;
        this.scheduler = scheduler;
        this.routing = routing;
        this.storage = storage;
        this.rpc = rpc;
        this.lookups = lookups;
        this.replicas = replicas;
    }

    /**
     * Notes that a fellow replica of the record's key (a proven contact among the key's k closest,
     * the caller checks) just sent us this record, or an older one of its slot: that replica is
     * replicating it, so we may skip it this interval. Only that record counts, never the key: a
     * STORE of one record cannot suppress the replication of the others.
     */
    void noteStoredByPeer(SignedRecord record) {
        Map<ByteBuffer, Refreshed> slots = refreshed.computeIfAbsent(record.key(), k -> new ConcurrentHashMap<>());
        slots.merge(
                Replicas.slotId(record),
                new Refreshed(record.seq(), scheduler.nanoTime()),
                (old, now) -> Long.compareUnsigned(old.seq, now.seq) > 0 ? new Refreshed(old.seq, now.atNanos) : now);
    }

    /**
     * Replicates every key holding a record that no fellow replica re-sent us (at its seq or a
     * newer one) during the last interval.
     */
    CompletableFuture<Void> replicateDue() {
        long now = scheduler.nanoTime();
        long interval = config.replicationInterval().toNanos();
        Deque<DhtKey> due = new ArrayDeque<>();
        for (DhtKey key : storage.keys()) {
            if (!refreshedByPeers(key, now, interval)) {
                due.add(key);
            }
        }
        refreshed.keySet().retainAll(storage.keys());
        if (!due.isEmpty()) {
            log.debug("replicating {} keys", due.size());
        }
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int i = 0; i < PARALLEL_KEYS; i++) {
            workers.add(drain(due));
        }
        return CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> drain(Deque<DhtKey> due) {
        DhtKey key;
        synchronized (due) {
            key = due.poll();
        }
        if (key == null) {
            return CompletableFuture.completedFuture(null);
        }
        return replicate(key).exceptionally(e -> null).thenCompose(ignored -> drain(due));
    }

    /** Sends this node's records of {@code key} to the key's current k closest nodes. */
    CompletableFuture<Void> replicate(DhtKey key) {
        return lookups.findNodes(key.asTarget()).thenCompose(found -> {
            List<CompletableFuture<?>> stores = new ArrayList<>();
            for (StoredRecord s : storage.liveStored(key)) {
                for (Contact c : found.closest()) {
                    stores.add(replicas.sendStore(c, found.replies().get(c), s.record(), storage.secondsLeft(s)));
                }
            }
            return CompletableFuture.allOf(stores.toArray(CompletableFuture[]::new));
        });
    }

    private boolean refreshedByPeers(DhtKey key, long now, long interval) {
        Map<ByteBuffer, Refreshed> slots = refreshed.get(key);
        if (slots == null) {
            return false;
        }
        for (StoredRecord s : storage.liveStored(key)) {
            Refreshed r = slots.get(Replicas.slotId(s.record()));
            if (r == null
                    || now - r.atNanos >= interval
                    || Long.compareUnsigned(r.seq, s.record().seq()) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Gives a newly admitted contact the records of every key it is now among the k closest for.
     *
     * <p>Of a key's replicas, those closest to the <em>newcomer</em> send, not those closest to the
     * key. Only a replica that admits the newcomer to its routing table runs this, and a full
     * bucket admits nobody new: the replicas closest to a key often hold the newcomer's part of
     * the id space in a full bucket (it has k or more nodes), so they never learn of it. The k
     * nodes closest to the newcomer always have room for it (their bucket for it holds only nodes
     * closer to it still) and its join lookup of its own id reaches every one of them, so the
     * replicas closest to it are the ones sure to admit it.
     */
    void handOff(Contact newcomer) {
        NodeId newcomerId = newcomer.id();
        List<DhtKey> keys = new ArrayList<>();
        for (DhtKey key : storage.keys()) {
            NodeId target = key.asTarget();
            List<Contact> closest = routing.closest(target, config.k());
            // the key's k closest as we see them are we and our k - 1 closest contacts
            if (closest.size() == config.k()
                    && Distance.compare(
                                    target, self, closest.get(config.k() - 1).id())
                            < 0) {
                closest = closest.subList(0, config.k() - 1);
            }
            if (!closest.contains(newcomer)) {
                continue;
            }
            long closerToNewcomer = closest.stream()
                    .filter(c -> !c.equals(newcomer))
                    .filter(c -> Distance.compare(newcomerId, c.id(), self) < 0)
                    .count();
            if (closerToNewcomer < HANDOFF_REPLICAS) {
                keys.add(key);
            }
        }
        if (keys.isEmpty()) {
            return;
        }
        // Tokens are issued per IP, so one FIND_NODE buys the token for every key.
        rpc.call(newcomer.address(), new FindNode(newcomer.id())).thenAccept(reply -> {
            if (!(reply.body() instanceof Nodes nodes) || !reply.senderId().equals(newcomer.id())) {
                return;
            }
            for (DhtKey key : keys) {
                for (StoredRecord s : storage.liveStored(key)) {
                    replicas.sendStore(newcomer, nodes.token(), s.record(), storage.secondsLeft(s));
                }
            }
            log.debug("handed {} keys to {}", keys.size(), newcomer);
        });
    }
}
