package io.confchat.dht;

import io.confchat.api.Contact;
import io.confchat.api.DhtKey;
import io.confchat.api.NodeId;
import io.confchat.api.ProtocolViolationException;
import io.confchat.api.SignedRecord;
import io.confchat.dht.internal.lookup.IterativeLookup;
import io.confchat.dht.internal.lookup.LookupBuilder;
import io.confchat.dht.internal.lookup.LookupResult;
import io.confchat.dht.internal.lookup.Querier;
import io.confchat.dht.internal.routing.Distance;
import io.confchat.dht.internal.routing.IpDiversity;
import io.confchat.dht.internal.routing.RoutingTable;
import io.confchat.dht.internal.rpc.RpcEndpoint;
import io.confchat.dht.internal.storage.RecordStorage;
import io.confchat.dht.internal.wire.Envelope;
import io.confchat.dht.internal.wire.Message;
import io.confchat.dht.internal.wire.Message.FindNode;
import io.confchat.dht.internal.wire.Message.FindValue;
import io.confchat.dht.internal.wire.Message.Nodes;
import io.confchat.dht.internal.wire.Message.Values;
import io.confchat.dht.internal.wire.NodeCertificate;
import io.confchat.dht.time.Scheduler;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's client side: iterative FIND_NODE and FIND_VALUE lookups over the {@link RpcEndpoint}
 * (Kademlia section 2.3), joining, and bucket refresh. Every answer refreshes or proposes its
 * sender for the routing table; every silence counts against it.
 */
final class Lookups {
    private static final Logger log = LoggerFactory.getLogger(Lookups.class);
    /** Most pages fetched from one node for one key. */
    static final int MAX_PAGES = 64;
    /** Most records taken from one node for one key: a peer cannot make us verify without end. */
    static final int MAX_RECORDS_PER_CONTACT = 4096;
    /** Record checks (each possibly a signature verification) one get may spend over all nodes. */
    static final int MAX_RECORD_CHECKS_PER_LOOKUP = 8192;

    private final NodeId self;
    private final DhtConfig config;
    private final Scheduler scheduler;
    private final RoutingTable routing;
    private final RpcEndpoint rpc;
    private final Bonding bonding;
    private final RecordStorage storage;
    private final IdProofs proofs;

    Lookups(
            NodeId self,
            DhtConfig config,
            Scheduler scheduler,
            RoutingTable routing,
            RpcEndpoint rpc,
            Bonding bonding,
            RecordStorage storage) {
        this.self = self;
        this.config = config;
        this.scheduler = scheduler;
        this.routing = routing;
        this.rpc = rpc;
        this.bonding = bonding;
        this.storage = storage;
        this.proofs = new IdProofs(bonding, scheduler, () -> rpc.rtt().timeout());
    }

    /** A FIND_NODE lookup over one path; each answer carries that node's write token. */
    CompletableFuture<LookupResult<byte[]>> findNodes(NodeId target) {
        return findNodes(target, 1);
    }

    /** A FIND_NODE lookup over {@code paths} disjoint paths; each answer carries that node's write token. */
    CompletableFuture<LookupResult<byte[]>> findNodes(NodeId target, int paths) {
        routing.markRefreshed(target);
        return lookup(
                target,
                paths,
                contact -> {
                    boolean unproven = !bonding.isProven(contact);
                    return rpc.call(contact.address(), new FindNode(target, unproven))
                            .thenApply(reply -> {
                                Nodes nodes = expect(contact, reply, Nodes.class);
                                return answer(contact, unproven, nodes.certificate(), nodes.contacts(), nodes.token());
                            });
                },
                0,
                null);
    }

    /** A FIND_VALUE lookup; each answer carries the valid records of that node and its token. */
    CompletableFuture<LookupResult<ValuesFound>> findValues(DhtKey key, int paths) {
        return findValues(key, paths, config.valueQuorum());
    }

    /**
     * The same, asking every one of the k closest however early some agree: for readers that
     * count or merge the replicas' answers ({@link Replicas#answers}).
     */
    CompletableFuture<LookupResult<ValuesFound>> findValuesFromAll(DhtKey key, int paths) {
        return findValues(key, paths, 0);
    }

    private CompletableFuture<LookupResult<ValuesFound>> findValues(DhtKey key, int paths, int quorum) {
        routing.markRefreshed(key.asTarget());
        AtomicInteger checks = new AtomicInteger(MAX_RECORD_CHECKS_PER_LOOKUP);
        return lookup(
                key.asTarget(),
                paths,
                contact -> fetchPages(contact, key, !bonding.isProven(contact), checks),
                quorum > 0 && quorum <= config.k() ? quorum : 0,
                Lookups::sameRecords);
    }

    /**
     * An answer of {@code contact}; unless its id was proven when it was asked, with the proof
     * the lookup runs once the answer would count: its certificate checked, or a PING
     * (docs/dht-hardening.md#proofs-in-replies).
     */
    private <R> Querier.Reply<R> answer(
            Contact contact, boolean unproven, Optional<NodeCertificate> certificate, List<Contact> closer, R payload) {
        List<Contact> referrals = plausibleReferrals(contact, closer);
        if (!unproven) {
            return new Querier.Reply<>(referrals, payload);
        }
        return new Querier.Reply<>(referrals, payload, Optional.of(proofs.of(contact, certificate)));
    }

    /**
     * True when every answer holds records and all hold the same ones: the closest replicas agree,
     * so asking the farther ones would most likely add nothing. Answers without records never end
     * a lookup early, so a replica that has not received a record yet (a newcomer before its
     * hand-off) cannot hide it.
     */
    static boolean sameRecords(List<ValuesFound> answers) {
        List<SignedRecord> first = null;
        for (ValuesFound a : answers) {
            if (a.records().isEmpty()) {
                return false;
            }
            if (first == null) {
                first = a.records();
            } else if (!sameSet(first, a.records())) {
                return false;
            }
        }
        return first != null;
    }

    /** Whether two lists hold the same records, in any order (one record each: the usual answer). */
    private static boolean sameSet(List<SignedRecord> a, List<SignedRecord> b) {
        if (a.size() == 1 && b.size() == 1) {
            return a.get(0).equals(b.get(0));
        }
        return new HashSet<>(a).equals(new HashSet<>(b));
    }

    private <R> CompletableFuture<LookupResult<R>> lookup(
            NodeId target, int paths, Querier<R> querier, int quorum, Predicate<List<R>> enough) {
        Querier<R> tracked = contact -> querier.query(contact).whenComplete((reply, error) -> {
            if (error != null) {
                routing.recordFailure(contact);
                bonding.forgetProof(contact);
            } else if (reply.unproven().isEmpty()) {
                bonding.offerProven(contact);
            }
        });
        LookupBuilder<R> builder = IterativeLookup.<R>towards(target)
                .self(self)
                .k(config.k())
                .alpha(config.alpha())
                .paths(paths)
                .scheduler(rpc.requestTimers())
                .slowAfter(() -> rpc.rtt().slowAfter())
                .provenAlready(bonding::isProven)
                .querier(tracked);
        if (quorum > 0) {
            builder.endEarly(quorum, enough);
        }
        return builder.run(seeds(target));
    }

    /**
     * Where a lookup starts: the contacts closest to the target among the routing table's and those
     * proven lately (a key read again starts at replicas proven before, and needs neither the hops
     * nor the proofs to reach them), the table's entry first for an id both know.
     */
    private List<Contact> seeds(NodeId target) {
        int k = config.k();
        List<Contact> table = routing.closest(target, k); // the caller's own list: sorted in place
        Distance.sort(table, 0, table.size(), target); // the table puts failing contacts last
        List<Contact> proven = bonding.provenNear(target, k); // closest first
        List<Contact> seeds = new ArrayList<>(k);
        int i = 0;
        int j = 0;
        while (seeds.size() < k && (i < table.size() || j < proven.size())) {
            int order = i == table.size()
                    ? 1
                    : j == proven.size()
                            ? -1
                            : Distance.compare(
                                    target, table.get(i).id(), proven.get(j).id());
            if (order > 0) {
                seeds.add(proven.get(j++));
            } else {
                seeds.add(table.get(i++));
                j += order == 0 ? 1 : 0; // the same id in both: the table's entry
            }
        }
        return seeds;
    }

    /**
     * Drops referrals no honest node would give: unspecified or multicast addresses, and private or
     * loopback addresses from a node on a public one (a lever to make us send to internal hosts).
     */
    static List<Contact> plausibleReferrals(Contact referrer, List<Contact> referrals) {
        boolean referrerPrivate = IpDiversity.isExempt(referrer.address().getAddress());
        List<Contact> out = new ArrayList<>(referrals.size());
        for (Contact c : referrals) {
            InetAddress a = c.address().getAddress();
            if (a.isAnyLocalAddress() || a.isMulticastAddress()) {
                continue;
            }
            if (!referrerPrivate && IpDiversity.isExempt(a)) {
                continue;
            }
            out.add(c);
        }
        return out;
    }

    /**
     * Fetches a node's records of {@code key}, page by page. Each record is checked (key, ttl,
     * signature); the first invalid one ends the node's answer as a lie: an honest node checked
     * every record before storing it, so the node is not paged further and its answer does not
     * count. Every lookup has a budget of record checks, shared by all the nodes it asks, so no
     * set of peers can make one get verify without end.
     */
    private CompletableFuture<Querier.Reply<ValuesFound>> fetchPages(
            Contact contact, DhtKey key, boolean unproven, AtomicInteger checks) {
        return rpc.call(contact.address(), new FindValue(key, new byte[0], unproven))
                .thenCompose(reply -> {
                    Values first = expect(contact, reply, Values.class);
                    List<SignedRecord> found = new ArrayList<>();
                    return morePages(contact, key, new byte[0], found, first, 0, checks)
                            .thenApply(ignored -> answer(
                                    contact,
                                    unproven,
                                    first.certificate(),
                                    first.contacts(),
                                    new ValuesFound(List.copyOf(found), first.token())));
                });
    }

    /** Checks one page's records into {@code found}, then asks for the next page while there is one. */
    private CompletableFuture<Void> morePages(
            Contact contact,
            DhtKey key,
            byte[] cursor,
            List<SignedRecord> found,
            Values page,
            int pages,
            AtomicInteger checks) {
        boolean budgetLeft = true;
        for (SignedRecord r : page.records()) {
            if (checks.decrementAndGet() < 0) {
                budgetLeft = false;
                break;
            }
            if (!r.key().equals(key) || !storage.checkIntrinsic(r).isStored()) {
                throw new ProtocolViolationException(contact + " returned an invalid record " + r);
            }
            found.add(r);
        }
        byte[] next = page.nextCursor();
        boolean more = budgetLeft
                && next.length > 0
                && pages + 1 < MAX_PAGES
                && found.size() < MAX_RECORDS_PER_CONTACT
                && Arrays.compareUnsigned(next, cursor) > 0;
        if (!more) {
            return CompletableFuture.completedFuture(null);
        }
        return rpc.call(contact.address(), new FindValue(key, next))
                .thenCompose(reply ->
                        morePages(contact, key, next, found, expect(contact, reply, Values.class), pages + 1, checks));
    }

    /**
     * Joins (Kademlia section 2.3): a lookup of our own id, then a refresh of every bucket farther
     * away than our closest neighbour.
     */
    CompletableFuture<Void> join() {
        return findNodes(self).thenCompose(found -> {
            int deepest = routing.deepestBucket();
            Random random = new Random(scheduler.nanoTime());
            List<CompletableFuture<?>> refreshes = new ArrayList<>();
            for (int i = 0; i < deepest; i++) {
                refreshes.add(findNodes(routing.randomIdInBucket(i, random)));
            }
            return CompletableFuture.allOf(refreshes.toArray(CompletableFuture[]::new));
        });
    }

    /** Looks up a random id in every bucket idle for longer than the refresh interval. */
    void refreshIdleBuckets(Random random) {
        for (int bucket : routing.idleBuckets(config.bucketRefresh())) {
            findNodes(routing.randomIdInBucket(bucket, random));
        }
    }

    private static <M extends Message> M expect(Contact contact, Envelope reply, Class<M> type) {
        if (!reply.senderId().equals(contact.id())) {
            throw new ProtocolViolationException(contact + " answered with another id");
        }
        if (reply.client()) {
            // reached through a stale referral: a client's answer never counts, even with a valid
            // certificate, so it enters no result, store set or routing table
            throw new ClientNodeException(contact.address());
        }
        if (!type.isInstance(reply.body())) {
            throw new ProtocolViolationException(contact + " answered with "
                    + reply.body().getClass().getSimpleName() + " instead of " + type.getSimpleName());
        }
        return type.cast(reply.body());
    }

    /** One node's answer to FIND_VALUE: its valid records and its write token. */
    record ValuesFound(List<SignedRecord> records, byte[] token) {}
}
