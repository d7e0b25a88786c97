package io.confchat.dht.internal.lookup;

import io.confchat.api.Contact;
import io.confchat.api.NodeId;
import io.confchat.api.ProtocolViolationException;
import io.confchat.dht.internal.routing.Distance;
import io.confchat.dht.internal.routing.Diversity;
import io.confchat.dht.time.Scheduler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The iterative node lookup of Kademlia (section 2.3), alpha queries in flight per path, over one
 * or more disjoint paths (S/Kademlia, section 4.4).
 *
 * <p><b>Referrals are candidates, never results.</b> A contact counts toward the result (and
 * toward an early quorum) only once it answered <em>and</em> proved its id. A contact already
 * proven answers in one step; any other answer comes with an {@link IdProof}, which the lookup runs
 * only when the answer would count: when the contact is among the {@code k} closest once nothing
 * closer is left to ask, or among the {@code quorum} closest whose answers already agree (lazy
 * proofs, docs/dht-hardening.md). Answers that fall out of the running never cost a proof; their
 * referrals are only ever candidates. A contact that failed its proof, or answered with another id
 * ({@link ProtocolViolationException}), marks its address as lying: its answer is dropped, every
 * other unproven contact at that address fails, and later referrals to it are ignored. A referral
 * of a known id at another address is kept as an alternate, tried if the first address fails, so a
 * forged referral cannot shadow an honest node. Candidates are also kept IP-diverse ({@link
 * Diversity}): past two per /24 (IPv4) or /48 (IPv6), and past one per address, farther ones are
 * neither asked nor counted.
 *
 * <p><b>Disjoint paths.</b> The seeds are dealt round-robin to {@code paths} paths. Each path
 * keeps alpha queries running against its own closest candidates and learns only from the
 * answers to its own queries; a contact is asked at most once in the whole lookup, by the first
 * path that picks it, and other paths that know it see its outcome but not its referrals. So an
 * adversary on one path cannot steer the others, and if one path is free of adversaries, the
 * honest closest nodes are in the result. A path ends when the {@code k} closest contacts of its
 * view that have not failed have all answered and proved their ids (or none is left); the lookup
 * ends when every path has. The result is the {@code k} closest proven contacts of all paths,
 * IP-diverse.
 *
 * <p>A query pending for longer than {@code slowAfter} stops counting against alpha, so one slow
 * or dead contact never stalls a round. A path may also end early ({@link LookupBuilder#endEarly}): as
 * soon as the {@code quorum} closest contacts of its view that neither failed nor are slow have
 * all answered, proved their ids, and their answers satisfy a test (for FIND_VALUE: the same
 * records). While the answers of those {@code quorum} closest may still agree, only they are asked:
 * a query to a farther contact would be wasted if they do, and once they cannot, alpha queries go to
 * the k closest as usual. Before any of its queries has been answered, such a path asks only its
 * closest candidate (the next one once that is slow): the seeds come from this node's own table, and
 * the first answer usually names closer contacts, which are then the {@code quorum} worth asking, so
 * asking more seeds at once would mostly be wasted. The states of one contact are drawn in {@link Probe}.
 *
 * <p>Thread-safe: replies may arrive on any thread; queries and proofs are started outside the
 * lock.
 */
public final class IterativeLookup<R> {
    /** Hard cap on contacts asked by one path, against peers that feed endless referrals. */
    static final int MAX_QUERIES_PER_PATH = 100;
    /** Other addresses remembered for one id, tried in turn if the first fails. */
    static final int MAX_ALTERNATES = 2;

    /** One disjoint path: its own view of the candidates, and its queries in flight. */
    private final class Path {
        final TreeMap<NodeId, Probe<R>> view;
        int active;
        int queried;
        /** Whether a contact this path asked has answered yet. */
        boolean heard;

        boolean finished;

        Path(TreeMap<NodeId, Probe<R>> view) {
            this.view = view;
        }
    }

    /** What one step decided to start, outside the lock. */
    private final class Work {
        final List<Probe<R>> queries = new ArrayList<>();
        final List<Probe<R>> proofs = new ArrayList<>();
    }

    private final NodeId target;
    private final NodeId self;
    private final int k;
    private final int alpha;
    private final Querier<R> querier;
    private final Scheduler scheduler;
    private final Supplier<Duration> slowAfter;
    private final int quorum;
    private final Predicate<List<R>> enough;
    private final Predicate<Contact> provenAlready;
    private final Map<NodeId, Probe<R>> probes = new HashMap<>();
    private final List<Path> paths = new ArrayList<>();
    private final Set<InetSocketAddress> liars = new HashSet<>();
    private final Map<Contact, R> replies = new LinkedHashMap<>();
    private final CompletableFuture<LookupResult<R>> result = new CompletableFuture<>();
    private boolean finished;
    private int queried;
    private int failed;

    IterativeLookup(LookupBuilder<R> b) {
        this.target = b.target;
        this.self = b.self;
        this.k = b.k;
        this.alpha = b.alpha;
        this.querier = b.querier;
        this.scheduler = b.scheduler;
        this.slowAfter = b.slowAfter;
        this.quorum = b.quorum;
        this.enough = b.enough;
        this.provenAlready = b.provenAlready;
        for (int i = 0; i < b.paths; i++) {
            paths.add(new Path(new TreeMap<>(Distance.idsByDistanceTo(target))));
        }
    }

    /** Starts a lookup configured by a builder. */
    public static <R> LookupBuilder<R> towards(NodeId target) {
        return new LookupBuilder<>(target);
    }

    CompletableFuture<LookupResult<R>> start(List<Contact> seeds) {
        synchronized (this) {
            int next = 0;
            for (Contact c : seeds) {
                if (offer(c, 0, next)) {
                    next = (next + 1) % paths.size();
                }
            }
        }
        step();
        return result;
    }

    /** Adds a contact to a path's view; true if it is new to the lookup. */
    private boolean offer(Contact c, int depth, int path) {
        if (c.id().equals(self) || liars.contains(c.address())) {
            return false;
        }
        Probe<R> probe = probes.get(c.id());
        boolean fresh = probe == null;
        if (fresh) {
            probe = new Probe<>(c, depth);
            probes.put(c.id(), probe);
        } else if (!probe.contact.address().equals(c.address())
                && !probe.alternates.contains(c.address())
                && probe.alternates.size() < MAX_ALTERNATES) {
            probe.alternates.add(c.address());
            if (probe.state == Probe.State.FAILED) {
                retryAlternate(probe);
            }
        }
        paths.get(path).view.putIfAbsent(c.id(), probe);
        return fresh;
    }

    /** Starts queries up to alpha and the proofs that now count on every path, or finishes. */
    private void step() {
        Work work = new Work();
        LookupResult<R> done = null;
        synchronized (this) {
            if (finished) {
                return;
            }
            boolean allFinished = true;
            for (int p = 0; p < paths.size(); p++) {
                Path path = paths.get(p);
                if (!path.finished) {
                    stepPath(p, path, work);
                }
                allFinished &= path.finished;
            }
            if (allFinished) {
                finished = true;
                done = summary();
            }
        }
        if (done != null) {
            result.complete(done); // outside the lock: callbacks run on this thread
            return;
        }
        for (Probe<R> c : work.proofs) {
            prove(c);
        }
        for (Probe<R> c : work.queries) {
            query(c);
        }
    }

    private void stepPath(int index, Path path, Work work) {
        int seen = 0;
        boolean allReplied = true;
        boolean queriesPending = false;
        List<Probe<R>> closest = new ArrayList<>(k);
        Diversity diversity = new Diversity();
        for (Probe<R> c : path.view.values()) {
            if (seen >= k) {
                break;
            }
            if (c.state == Probe.State.FAILED || !diversity.admit(c.contact)) {
                continue;
            }
            seen++;
            closest.add(c);
            allReplied &= c.state.replied();
            queriesPending |= c.state == Probe.State.IN_FLIGHT || c.state == Probe.State.SLOW;
        }
        Quorum quorumNow = enough == null ? Quorum.NOT_YET : quorum(index, path, closest, work);
        if (quorumNow != Quorum.NOT_YET) {
            path.finished = quorumNow == Quorum.COUNTS; // else it waits for proofs or proven answers
            return;
        }
        boolean started = false;
        int askable = quorumStillPossible(closest) ? (path.heard ? quorum : 1) : closest.size();
        for (Probe<R> c : closest) {
            if (askable == 0) {
                break;
            }
            if (c.state == Probe.State.SLOW) {
                continue;
            }
            askable--;
            if (c.state == Probe.State.CANDIDATE && path.active < alpha && path.queried < MAX_QUERIES_PER_PATH) {
                startQuery(index, path, c, work);
                started = true;
            }
        }
        boolean quiet = !started && (allReplied || (!queriesPending && path.active == 0));
        if (quiet) {
            // nothing closer is left to ask: the k closest that answered must now prove their ids
            proveUnproven(closest, work);
            if (closest.stream().noneMatch(c -> c.state == Probe.State.PROVING)) {
                path.finished = true;
            }
        }
    }

    /**
     * Whether the {@code quorum} closest contacts that are not slow may still end the path early:
     * those that answered agree so far. Then only they are asked (a value lookup whose closest
     * replicas agree needs nobody else, and a query to the next ones would be wasted); once they
     * cannot agree, or when there is no early end, alpha queries go to the k closest as usual.
     */
    private boolean quorumStillPossible(List<Probe<R>> closest) {
        if (enough == null) {
            return false;
        }
        List<R> answers = new ArrayList<>(quorum);
        int considered = 0;
        for (Probe<R> c : closest) {
            if (considered == quorum) {
                break;
            }
            if (c.state == Probe.State.SLOW) {
                continue;
            }
            considered++;
            if (c.state.replied()) {
                answers.add(c.reply);
            }
        }
        return answers.isEmpty() || enough.test(answers);
    }

    private void startQuery(int index, Path path, Probe<R> c, Work work) {
        c.state = Probe.State.IN_FLIGHT;
        c.owner = index;
        path.active++;
        path.queried++;
        queried++;
        work.queries.add(c);
    }

    /** Where an early end stands (see {@link #quorum}). */
    private enum Quorum {
        /** The quorum closest have not all answered, or do not agree. */
        NOT_YET,
        /** They agree, and enough proven contacts count: the path ends. */
        COUNTS,
        /** They agree; the path waits for proofs, or for proven contacts just behind them to answer. */
        WAITING
    }

    /**
     * Whether the {@code quorum} closest contacts that are not slow have all answered and agree,
     * and whether that counts yet: it does when all {@code quorum} are proven, or when the answered
     * contacts that follow them, all agreeing too, bring the proven ones to {@code quorum} (no proof
     * needed then: an unproven contact never counts, but it may not disagree either). Else either
     * the contacts just behind them that will answer as proven are asked (when that takes no more
     * queries than the proofs it spares: a query costs less than a signature check), or the
     * unproven ones among the {@code quorum} are proven. Queries and proofs go to {@code work}.
     */
    private Quorum quorum(int index, Path path, List<Probe<R>> closest, Work work) {
        List<Probe<R>> replied = new ArrayList<>(closest.size());
        for (Probe<R> c : closest) {
            if (c.state == Probe.State.SLOW) {
                continue;
            }
            if (!c.state.replied()) {
                break;
            }
            replied.add(c);
        }
        if (replied.size() < quorum || !enough.test(replyOf(replied.subList(0, quorum)))) {
            return Quorum.NOT_YET;
        }
        int proven = 0;
        for (int n = 0; n < replied.size(); n++) {
            proven += replied.get(n).state == Probe.State.ANSWERED ? 1 : 0;
            if (proven == quorum) {
                if (n < quorum || enough.test(replyOf(replied.subList(0, n + 1)))) {
                    return Quorum.COUNTS;
                }
                proveUnproven(replied.subList(0, quorum), work); // a proven one behind disagrees
                return Quorum.WAITING;
            }
        }
        if (!askProvenFollowers(index, path, closest, replied.subList(0, quorum), work)) {
            proveUnproven(replied.subList(0, quorum), work);
        }
        return Quorum.WAITING;
    }

    /**
     * Asks the contacts behind an agreeing but unproven quorum, up to where {@code quorum} of them
     * would count, if they are known to be proven already and asking takes at most as many queries
     * as the unproven quorum would take proofs. False if that is not the cheaper way.
     */
    private boolean askProvenFollowers(
            int index, Path path, List<Probe<R>> closest, List<Probe<R>> leaders, Work work) {
        long unprovenLeaders =
                leaders.stream().filter(c -> c.state != Probe.State.ANSWERED).count();
        if (leaders.stream().anyMatch(c -> c.state == Probe.State.PROVING)) {
            return false; // proofs already run: wait for them
        }
        List<Probe<R>> toAsk = new ArrayList<>();
        boolean answering = false;
        int counting = 0;
        for (Probe<R> c : closest) {
            if (c.state == Probe.State.SLOW) {
                continue;
            }
            boolean provenBefore = c.state != Probe.State.UNPROVEN && provenAlready.test(c.contact);
            if (c.state == Probe.State.ANSWERED || provenBefore) {
                counting++;
            }
            if (c.state == Probe.State.CANDIDATE) {
                toAsk.add(c);
            }
            answering |= c.state == Probe.State.IN_FLIGHT;
            if (counting == quorum) {
                break;
            }
        }
        if (counting < quorum || toAsk.size() > unprovenLeaders || (toAsk.isEmpty() && !answering)) {
            return false;
        }
        toAsk.forEach(c -> startQuery(index, path, c, work));
        return true;
    }

    private void proveUnproven(List<Probe<R>> contacts, Work work) {
        for (Probe<R> c : contacts) {
            if (c.state == Probe.State.UNPROVEN) {
                c.state = Probe.State.PROVING;
                work.proofs.add(c);
            }
        }
    }

    private List<R> replyOf(List<Probe<R>> answered) {
        List<R> out = new ArrayList<>(answered.size());
        answered.forEach(c -> out.add(c.reply));
        return out;
    }

    private void query(Probe<R> c) {
        Contact contact;
        synchronized (this) {
            contact = c.contact;
        }
        Scheduler.Cancellable slowTimer = scheduler.schedule(slowAfter.get(), () -> markSlow(c, contact));
        CompletableFuture<Querier.Reply<R>> reply;
        try {
            reply = querier.query(contact);
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenComplete((r, error) -> {
            slowTimer.cancel();
            onReply(c, contact, r, error);
        });
    }

    private void prove(Probe<R> c) {
        Contact contact;
        IdProof proof;
        synchronized (this) {
            if (finished) {
                return; // an earlier proof of this step ended the lookup: this one need not run
            }
            contact = c.contact;
            proof = c.proof;
        }
        CompletableFuture<Void> proven;
        try {
            proven = proof.prove();
        } catch (RuntimeException e) {
            proven = CompletableFuture.failedFuture(e);
        }
        proven.whenComplete((ok, error) -> onProof(c, contact, error));
    }

    private void markSlow(Probe<R> c, Contact asked) {
        synchronized (this) {
            if (c.state != Probe.State.IN_FLIGHT || !c.contact.equals(asked)) {
                return;
            }
            c.state = Probe.State.SLOW;
            paths.get(c.owner).active--;
        }
        step();
    }

    private void onReply(Probe<R> c, Contact asked, Querier.Reply<R> reply, Throwable error) {
        synchronized (this) {
            if (!c.contact.equals(asked) || (c.state != Probe.State.IN_FLIGHT && c.state != Probe.State.SLOW)) {
                return; // a late answer for an address the probe has moved on from
            }
            Path owner = paths.get(c.owner);
            if (c.state == Probe.State.IN_FLIGHT) {
                owner.active--;
            }
            if (error != null || reply == null) {
                fail(c, asked, error);
            } else {
                owner.heard = true;
                c.reply = reply.payload();
                c.proof = reply.unproven().orElse(null);
                c.state = c.proof == null ? Probe.State.ANSWERED : Probe.State.UNPROVEN;
                replies.put(c.contact, reply.payload());
                for (Contact closer : reply.closer()) {
                    offer(closer, c.depth + 1, c.owner);
                }
            }
        }
        step();
    }

    private void onProof(Probe<R> c, Contact asked, Throwable error) {
        synchronized (this) {
            if (!c.contact.equals(asked) || c.state != Probe.State.PROVING) {
                return;
            }
            if (error == null) {
                c.state = Probe.State.ANSWERED;
            } else {
                replies.remove(asked); // an answer whose sender could not prove its id does not count
                fail(c, asked, error);
            }
        }
        step();
    }

    /** Marks a probe failed; a lie also marks its address, anything else moves on to an alternate. */
    private void fail(Probe<R> c, Contact asked, Throwable error) {
        failed++;
        c.state = Probe.State.FAILED;
        if (isLie(error)) {
            markLiar(asked.address());
        } else {
            retryAlternate(c);
        }
    }

    private static boolean isLie(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof ProtocolViolationException;
    }

    /** An address lied about its id: nothing more is asked or counted there in this lookup. */
    private void markLiar(InetSocketAddress address) {
        liars.add(address);
        for (Probe<R> p : probes.values()) {
            p.alternates.remove(address);
            boolean unproven = p.state == Probe.State.CANDIDATE || p.state == Probe.State.UNPROVEN;
            if (p.contact.address().equals(address) && unproven) {
                if (p.state == Probe.State.UNPROVEN) {
                    replies.remove(p.contact);
                }
                p.state = Probe.State.FAILED;
            }
        }
        for (Probe<R> p : probes.values()) {
            if (p.state == Probe.State.FAILED) {
                retryAlternate(p);
            }
        }
    }

    /** A failed probe with an alternate address becomes a fresh candidate at that address. */
    private void retryAlternate(Probe<R> p) {
        while (!p.alternates.isEmpty()) {
            InetSocketAddress next = p.alternates.remove(0);
            if (!liars.contains(next)) {
                p.contact = new Contact(p.contact.id(), next);
                p.state = Probe.State.CANDIDATE;
                p.owner = -1;
                p.reply = null;
                p.proof = null;
                return;
            }
        }
    }

    private LookupResult<R> summary() {
        TreeMap<NodeId, Probe<R>> answered = new TreeMap<>(Distance.idsByDistanceTo(target));
        for (Probe<R> p : probes.values()) {
            if (p.state == Probe.State.ANSWERED) {
                answered.put(p.contact.id(), p);
            }
        }
        List<Contact> closest = new ArrayList<>();
        Diversity diversity = new Diversity();
        int hops = 0;
        for (Probe<R> c : answered.values()) {
            if (closest.size() == k) {
                break;
            }
            if (diversity.admit(c.contact)) {
                closest.add(c.contact);
                hops = Math.max(hops, c.depth + 1);
            }
        }
        return new LookupResult<>(List.copyOf(closest), new LinkedHashMap<>(replies), queried, failed, hops);
    }
}
