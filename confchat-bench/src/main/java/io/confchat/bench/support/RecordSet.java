package io.confchat.bench.support;

import io.confchat.api.DhtKey;
import io.confchat.api.NodeId;
import io.confchat.api.PutResult;
import io.confchat.api.RecordRejectedException;
import io.confchat.api.RejectionReason;
import io.confchat.api.SignedRecord;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.record.RecordSigner;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.random.RandomGenerator;

/**
 * The records that get benchmarks read: each put once from a random node, each with the nodes
 * that may ask for it. A requester is never among the {@value #EXCLUDED_FACTOR}k nodes closest to
 * the key by XOR distance: the put stored the record on the k closest its lookup found, so a
 * requester holds no copy and every get it makes is a remote one. Read-only once built.
 */
public final class RecordSet {
    /** Requesters are chosen outside the closest {@code EXCLUDED_FACTOR * k} nodes of a key. */
    public static final int EXCLUDED_FACTOR = 2;

    /** One record and the indexes of the nodes that hold no copy of it. */
    public record Entry(SignedRecord record, int[] requesters) {
        /** A random node that holds no copy of this record. */
        public int randomRequester(RandomGenerator random) {
            return requesters[random.nextInt(requesters.length)];
        }
    }

    /**
     * What putting the records achieved.
     *
     * @param retried puts that failed once and were retried (a retry refused because every replica
     *     already held the record counts as stored, without a replica count)
     * @param meanStored mean replicas per record, over the puts that were acknowledged
     * @param minStored fewest replicas of any acknowledged put
     */
    public record PutStats(int puts, int retried, double meanStored, int minStored) {}

    private final List<Entry> entries;
    private final PutStats stats;

    private RecordSet(List<Entry> entries, PutStats stats) {
        this.entries = entries;
        this.stats = stats;
    }

    /**
     * Signs {@code count} records of {@code payloadBytes} random bytes under keys {@code
     * bench/get/<i>} and puts each from a random node, {@code batch} puts at a time.
     *
     * @throws IllegalStateException if a put failed twice
     */
    public static RecordSet put(
            List<KademliaNode> nodes, int count, int payloadBytes, int k, int batch, Random random, Awaiter awaiter) {
        if (nodes.size() <= EXCLUDED_FACTOR * k) {
            throw new IllegalArgumentException(
                    "needs more than " + EXCLUDED_FACTOR * k + " nodes, got " + nodes.size());
        }
        SecureRandom keys = new SecureRandom();
        List<SignedRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] payload = new byte[payloadBytes];
            random.nextBytes(payload);
            RecordSigner signer = new RecordSigner(Ed25519KeyPair.generate(keys));
            records.add(signer.sign(DhtKey.hash("bench/get/" + i), "note", new byte[0], 1, 3600, payload));
        }
        List<PutResult> results = new ArrayList<>();
        int retried = 0;
        for (int from = 0; from < count; from += batch) {
            List<CompletableFuture<PutResult>> puts = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + batch); i++) {
                puts.add(putFromRandomNode(nodes, records.get(i), random));
            }
            awaitAll(puts, awaiter);
            for (int i = 0; i < puts.size(); i++) {
                CompletableFuture<PutResult> put = puts.get(i);
                if (put.isCompletedExceptionally()) {
                    // one retry, alone, from another node: a transient overload must not fail the setup
                    retried++;
                    put = putFromRandomNode(nodes, records.get(from + i), random);
                    awaitAll(List.of(put), awaiter);
                }
                try {
                    results.add(put.join());
                } catch (CompletionException e) {
                    if (e.getCause() instanceof RecordRejectedException r
                            && r.reason() == RejectionReason.STALE_SEQUENCE) {
                        // every replica already holds this very record: the first attempt stored
                        // it, only its acknowledgements came too late (an overloaded machine)
                        continue;
                    }
                    throw new IllegalStateException(
                            "a put failed twice while preparing the records: " + e.getCause(), e.getCause());
                }
            }
        }
        long storedSum = results.stream().mapToLong(PutResult::stored).sum();
        int minStored = results.stream().mapToInt(PutResult::stored).min().orElse(0);
        List<NodeId> ids = nodes.stream().map(KademliaNode::localId).toList();
        XorRanking ranking = new XorRanking(ids);
        List<Entry> entries = new ArrayList<>();
        for (SignedRecord r : records) {
            BitSet holders = ranking.closest(r.key().asTarget(), EXCLUDED_FACTOR * k);
            int[] requesters = new int[nodes.size() - holders.cardinality()];
            for (int i = 0, n = 0; i < nodes.size(); i++) {
                if (!holders.get(i)) {
                    requesters[n++] = i;
                }
            }
            entries.add(new Entry(r, requesters));
        }
        return new RecordSet(
                List.copyOf(entries),
                new PutStats(count, retried, results.isEmpty() ? 0 : (double) storedSum / results.size(), minStored));
    }

    private static CompletableFuture<PutResult> putFromRandomNode(
            List<KademliaNode> nodes, SignedRecord record, Random random) {
        return nodes.get(random.nextInt(nodes.size())).put(record);
    }

    /** Waits until every future is done, failed ones included. */
    private static void awaitAll(List<? extends CompletableFuture<?>> futures, Awaiter awaiter) {
        awaiter.await(CompletableFuture.allOf(
                futures.stream().map(f -> f.handle((ok, e) -> null)).toArray(CompletableFuture[]::new)));
    }

    /** A record chosen uniformly at random. */
    public Entry random(RandomGenerator random) {
        return entries.get(random.nextInt(entries.size()));
    }

    public List<Entry> entries() {
        return entries;
    }

    public PutStats stats() {
        return stats;
    }
}
