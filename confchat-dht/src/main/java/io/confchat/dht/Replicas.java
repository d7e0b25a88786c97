package io.confchat.dht;

import io.confchat.api.ConfChatException;
import io.confchat.api.Contact;
import io.confchat.api.DhtKey;
import io.confchat.api.LookupOptions;
import io.confchat.api.NodeId;
import io.confchat.api.PutFailedException;
import io.confchat.api.PutResult;
import io.confchat.api.RecordRejectedException;
import io.confchat.api.RejectionReason;
import io.confchat.api.ReplicaAnswer;
import io.confchat.api.SignedRecord;
import io.confchat.dht.internal.lookup.LookupResult;
import io.confchat.dht.internal.routing.Distance;
import io.confchat.dht.internal.rpc.RpcEndpoint;
import io.confchat.dht.internal.rpc.RpcTimeoutException;
import io.confchat.dht.internal.storage.Acceptance;
import io.confchat.dht.internal.storage.RecordStorage;
import io.confchat.dht.internal.wire.Message.Store;
import io.confchat.dht.internal.wire.Message.StoreResult;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts and gets of records on the k nodes closest to their key (this node included when it is one
 * of them). A put counts only acknowledged STOREs; a get merges every valid record per (owner,
 * slot), keeps the highest seq, and writes it back to replicas that returned an older one.
 */
final class Replicas {
    private static final Logger log = LoggerFactory.getLogger(Replicas.class);
    /** Quota source charged for this node's own records. */
    static final String LOCAL_SOURCE = "local";
    /** STOREs sent again to a node that did not answer, before it counts as unanswered. */
    static final int STORE_RETRIES = 2;

    private final NodeId self;
    private final DhtConfig config;
    private final RpcEndpoint rpc;
    private final RecordStorage storage;
    private final Lookups lookups;
    private final IntSupplier knownNodes;

    /** @param knownNodes how many contacts the routing table holds */
    Replicas(
            NodeId self,
            DhtConfig config,
            RpcEndpoint rpc,
            RecordStorage storage,
            Lookups lookups,
            IntSupplier knownNodes) {
        this.self = self;
        this.config = config;
        this.rpc = rpc;
        this.storage = storage;
        this.lookups = lookups;
        this.knownNodes = knownNodes;
    }

    CompletableFuture<PutResult> put(SignedRecord record, LookupOptions options) {
        return reaching(() -> lookups.findNodes(record.key().asTarget(), options.disjointPaths()))
                .thenCompose(found -> store(record, found));
    }

    /**
     * Runs {@code lookup}, and once more when it reached no other node though others are known: a
     * busy node can miss a short timeout, and the second lookup waits the backed-off one.
     */
    private <R> CompletableFuture<LookupResult<R>> reaching(Supplier<CompletableFuture<LookupResult<R>>> lookup) {
        return lookup.get()
                .thenCompose(found -> reachedNobody(found) ? lookup.get() : CompletableFuture.completedFuture(found));
    }

    private boolean reachedNobody(LookupResult<?> found) {
        return found.closest().isEmpty() && knownNodes.getAsInt() > 0;
    }

    private CompletableFuture<PutResult> store(SignedRecord record, LookupResult<byte[]> found) {
        List<PutResult.Refusal> refusals = Collections.synchronizedList(new ArrayList<>());
        List<NodeId> storedOn = Collections.synchronizedList(new ArrayList<>());
        List<NodeId> unanswered = Collections.synchronizedList(new ArrayList<>());
        int contacted = found.closest().size();
        if (isAmongClosest(record.key().asTarget(), found.closest())) {
            contacted++;
            Acceptance local = storage.offer(record, LOCAL_SOURCE);
            if (local.isStored()) {
                storedOn.add(self);
            } else {
                refusals.add(new PutResult.Refusal(self, local.refusal(), local.detail()));
            }
        }
        List<CompletableFuture<StoreResult>> acks = new ArrayList<>();
        for (Contact c : found.closest()) {
            acks.add(sendStore(c, found.replies().get(c), record, 0).whenComplete((result, error) -> {
                if (result == null) {
                    unanswered.add(c.id());
                } else if (result.isStored()) {
                    storedOn.add(c.id());
                } else {
                    refusals.add(new PutResult.Refusal(c.id(), result.refusal(), result.detail()));
                }
            }));
        }
        int asked = contacted;
        boolean reachedNobody = reachedNobody(found);
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            PutResult result = new PutResult(storedOn.size(), asked, refusals, storedOn, unanswered);
            if (reachedNobody) {
                // a node that knows others but reached none holds its record alone: not in the network
                throw new PutFailedException(
                        "no other node answered the lookup for the record's key (" + knownNodes.getAsInt()
                                + " known); it is held on this node only",
                        result);
            }
            if (result.stored() < config.minStoreAcks()) {
                throw failure(result);
            }
            return result;
        });
    }

    /**
     * Sends one STORE, again up to {@value #STORE_RETRIES} times while no answer comes (each time
     * with the backed-off timeout: a busy node or a lost datagram does not cost a replica; storing
     * the same record twice only refreshes it); completes with the node's answer, or null if it did
     * not answer. Never fails.
     *
     * @param expiresInSeconds the lifetime the record has left here when passing it on, or 0
     */
    CompletableFuture<StoreResult> sendStore(Contact c, byte[] token, SignedRecord record, long expiresInSeconds) {
        return sendStore(c, new Store(token, record, expiresInSeconds), STORE_RETRIES);
    }

    private CompletableFuture<StoreResult> sendStore(Contact c, Store request, int retries) {
        return rpc.call(c.address(), request)
                .thenApply(reply -> reply.body() instanceof StoreResult result ? result : null)
                .exceptionallyCompose(error -> {
                    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                    return cause instanceof RpcTimeoutException && retries > 0
                            ? sendStore(c, request, retries - 1)
                            : CompletableFuture.completedFuture(null);
                });
    }

    private static RuntimeException failure(PutResult result) {
        if (result.stored() == 0 && !result.refusals().isEmpty()) {
            RejectionReason first = result.refusals().get(0).reason();
            if (result.refusals().stream().allMatch(r -> r.reason() == first)) {
                return new RecordRejectedException(
                        first,
                        "every node refused the record: "
                                + result.refusals().get(0).detail(),
                        result);
            }
        }
        return new PutFailedException(
                "the record was stored on " + result.stored() + " of " + result.contacted()
                        + " nodes; is the node connected to the network (bootstrap)?",
                result);
    }

    private boolean isAmongClosest(NodeId target, List<Contact> closest) {
        return closest.size() < config.k()
                || Distance.compare(
                                target, self, closest.get(closest.size() - 1).id())
                        < 0;
    }

    CompletableFuture<List<SignedRecord>> get(DhtKey key, LookupOptions options) {
        return reaching(() -> lookups.findValues(key, options.disjointPaths())).thenApply(found -> {
            Map<ByteBuffer, SignedRecord> newest = new LinkedHashMap<>();
            for (SignedRecord r : storage.live(key)) {
                keepNewest(newest, r);
            }
            for (Lookups.ValuesFound reply : found.replies().values()) {
                for (SignedRecord r : reply.records()) {
                    keepNewest(newest, r);
                }
            }
            writeBackToStale(found, newest);
            return List.copyOf(newest.values());
        });
    }

    /**
     * Every proven replica's own answer, unmerged (this node's too when it is one of them and holds
     * a record of the key, or is the only one). This node's empty answer is left out when others
     * answered: it says nothing about a key whose records this node may not have been handed yet (a
     * node that just joined, as every one-shot CLI command's, asks before the replicas' hand-off
     * reaches it), while a remote replica's empty answer is what a reader counts to tell a key nobody
     * wrote. Fails with {@link ConfChatException} when no other node answered though others are
     * known, as a put does: this node's own answer alone is not the network's.
     */
    CompletableFuture<List<ReplicaAnswer>> answers(DhtKey key, LookupOptions options) {
        return reaching(() -> lookups.findValuesFromAll(key, options.disjointPaths()))
                .thenApply(found -> {
                    if (reachedNobody(found)) {
                        throw new ConfChatException("no other node answered the lookup for the key ("
                                + knownNodes.getAsInt() + " known); is the node connected to the network?");
                    }
                    List<ReplicaAnswer> answers = new ArrayList<>();
                    for (Contact c : found.closest()) {
                        Lookups.ValuesFound reply = found.replies().get(c);
                        if (reply != null) {
                            answers.add(new ReplicaAnswer(c.id(), reply.records()));
                        }
                    }
                    if (isAmongClosest(key.asTarget(), found.closest())) {
                        List<SignedRecord> own = storage.live(key);
                        if (!own.isEmpty() || answers.isEmpty()) {
                            answers.add(0, new ReplicaAnswer(self, own));
                        }
                    }
                    return answers;
                });
    }

    private static void keepNewest(Map<ByteBuffer, SignedRecord> newest, SignedRecord r) {
        newest.merge(slotId(r), r, (a, b) -> Long.compareUnsigned(b.seq(), a.seq()) > 0 ? b : a);
    }

    /**
     * Replicas among the closest that returned an older seq get the newest
     * (docs/architecture.md#lookups).
     */
    private void writeBackToStale(LookupResult<Lookups.ValuesFound> found, Map<ByteBuffer, SignedRecord> newest) {
        for (Contact c : found.closest()) {
            Lookups.ValuesFound reply = found.replies().get(c);
            if (reply == null) {
                continue;
            }
            for (SignedRecord held : reply.records()) {
                SignedRecord best = newest.get(slotId(held));
                if (best != null && Long.compareUnsigned(best.seq(), held.seq()) > 0) {
                    log.debug("writing seq {} back to stale replica {}", Long.toUnsignedString(best.seq()), c);
                    sendStore(c, reply.token(), best, 0);
                }
            }
        }
    }

    /** The (owner, slot) of a record, as a map key. */
    static ByteBuffer slotId(SignedRecord r) {
        byte[] owner = r.ownerPublicKey();
        byte[] slot = r.slot();
        return ByteBuffer.allocate(owner.length + slot.length)
                .put(owner)
                .put(slot)
                .flip();
    }
}
