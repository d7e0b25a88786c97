package io.confchat.api;

import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A distributed hash table of {@link SignedRecord}s.
 *
 * <p>Implementations are thread-safe. Every method returns at once; the returned future completes
 * on an internal thread, so callers must not block inside its callbacks. After {@link #close()},
 * every operation fails with {@link NodeClosedException}.
 */
public interface Dht extends AutoCloseable {

    /** This node's id. */
    NodeId localId();

    /** The address this node listens on (UDP and TCP share the port). */
    InetSocketAddress localAddress();

    /**
     * Joins the network through the given nodes: proves each one's identity, then looks up this
     * node's own id to fill the routing table.
     *
     * @return completes when the routing table is filled; fails with {@link BootstrapException} if
     *     none of the seeds answered
     */
    CompletableFuture<Void> bootstrap(Collection<InetSocketAddress> seeds);

    /**
     * Stores a record on the nodes closest to its key.
     *
     * @return the outcome once every contacted node answered or timed out; fails with {@link
     *     RecordRejectedException} if the record is invalid (checked locally before sending), or
     *     {@link PutFailedException} if fewer nodes stored it than the configured minimum
     */
    CompletableFuture<PutResult> put(SignedRecord record);

    /**
     * As {@link #put(SignedRecord)}, finding the nodes closest to the key as {@code options} say
     * (e.g. over disjoint paths for a {@link LookupOptions#sensitive()} record).
     *
     * <p>The default implementation serves {@link LookupOptions#standard()} only, and fails any
     * other options with {@link UnsupportedOperationException} rather than weaken them silently.
     */
    default CompletableFuture<PutResult> put(SignedRecord record, LookupOptions options) {
        if (options.equals(LookupOptions.standard())) {
            return put(record);
        }
        return CompletableFuture.failedFuture(
                new UnsupportedOperationException(getClass().getSimpleName() + " does not support " + options));
    }

    /**
     * Finds the records stored under a key: one per (owner, slot), the highest sequence number of
     * each, each with a verified signature and a ttl within its type's limit. An absent key yields
     * an empty list.
     *
     * <p>Rules between records of different owners (such as "the first owner of a name wins") are
     * enforced by the storing nodes; a reader that must not trust them applies those rules to the
     * returned records itself.
     */
    CompletableFuture<List<SignedRecord>> get(DhtKey key);

    /**
     * As {@link #get(DhtKey)}, finding the nodes of the key as {@code options} say. The default
     * implementation serves {@link LookupOptions#standard()} only, as {@link #put(SignedRecord,
     * LookupOptions)} does.
     */
    default CompletableFuture<List<SignedRecord>> get(DhtKey key, LookupOptions options) {
        if (options.equals(LookupOptions.standard())) {
            return get(key);
        }
        return CompletableFuture.failedFuture(
                new UnsupportedOperationException(getClass().getSimpleName() + " does not support " + options));
    }

    /**
     * The answers of the key's replicas, each on its own: one {@link ReplicaAnswer} per node among
     * the closest to the key that proved its id and answered, found as {@code options} say. This
     * node is included when it is one of them and holds a record of the key, or when no other node
     * answered; its empty answer is left out when others answered (it may not have been handed the
     * key's records yet). Unlike {@link #get}, nothing is merged and the lookup is
     * never cut short because the first replicas agree, so a reader can count which replicas
     * agree, or merge what each holds. The default implementation does not support it.
     *
     * @return fails with {@link ConfChatException} when no other node answered though this node
     *     knows others (its own answer alone is not the network's; try again), or with {@link
     *     UnsupportedOperationException} where not supported
     */
    default CompletableFuture<List<ReplicaAnswer>> answers(DhtKey key, LookupOptions options) {
        return CompletableFuture.failedFuture(
                new UnsupportedOperationException(getClass().getSimpleName() + " does not give per-replica answers"));
    }

    /** Stops the node and releases its sockets; idempotent. */
    @Override
    void close();

    /**
     * Stops the node without blocking the caller: new work is refused at once, and the future
     * completes once the sockets and the store are closed. Idempotent. The default runs {@link
     * #close()} on the common pool; implementations that can do better override it.
     */
    default CompletableFuture<Void> closeAsync() {
        return CompletableFuture.runAsync(this::close);
    }
}
