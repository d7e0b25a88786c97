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
 * toward an early quorum) only once the {@link Querier} answered for it, and the querier fails a
 * contact that did not prove its id. A contact that answered with another id or failed its proof
 * ({@link ProtocolViolationException}) marks its address as lying: every other candidate at that
 * address is dropped, and later referrals to it are ignored. A referral of a known id at another
 * address is kept as an alternate, tried if the first address fails, so a forged referral cannot
 * shadow an honest node. Candidates are also kept IP-diverse ({@link Diversity}): past two per
 * /24 (IPv4) or /48 (IPv6), and past one per address, farther ones are neither asked nor counted.
 *
 * <p><b>Disjoint paths.</b> The seeds are dealt round-robin to {@code paths} paths. Each path
 * keeps alpha queries running against its own closest candidates and learns only from the
 * answers to its own queries; a contact is asked at most once in the whole lookup, by the first
 * path that picks it, and other paths that know it see its outcome but not its referrals. So an
 * adversary on one path cannot steer the others, and if one path is free of adversaries, the
 * honest closest nodes are in the result. A path ends when the {@code k} closest contacts of its
 * view that have not failed have all answered (or none is left); the lookup ends when every path
 * has. The result is the {@code k} closest answered contacts of all paths, IP-diverse.
 *
 * <p>A query pending for longer than {@code slowAfter} stops counting against alpha, so one slow
 * or dead contact never stalls a round. A path may also end early ({@link Builder#endEarly}): as
 * soon as the {@code quorum} closest contacts of its view that neither failed nor are slow have
 * all answered and their answers satisfy a test (for FIND_VALUE: the same records).
 *
 * <pre>
 *  CANDIDATE ──query──▶ IN_FLIGHT ──answer + proof──▶ ANSWERED
 *      ▲                   │  └──slowAfter──▶ SLOW ──answer──▶ ANSWERED
 *      └── alternate ◀─────┴──────fail / timeout / lie────────▶ FAILED
 * </pre>
 *
 * Thread-safe: replies may arrive on any thread; queries are started outside the lock.
 */
public final class IterativeLookup<R> {
    /** Hard cap on contacts asked by one path, against peers that feed endless referrals. */
    static final int MAX_QUERIES_PER_PATH = 100;
    /** Other addresses remembered for one id, tried in turn if the first fails. */
    static final int MAX_ALTERNATES = 2;

    private enum State {
        CANDIDATE,
        IN_FLIGHT,
        SLOW,
        ANSWERED,
        FAILED
    }

    /** One contact of the lookup, shared by the paths that know it. */
    private final class Probe {
        Contact contact;
        final int depth;
        final List<InetSocketAddress> alternates = new ArrayList<>(0);
        State state = State.CANDIDATE;
        int owner = -1;
        R reply;

        Probe(Contact contact, int depth) {
            this.contact = contact;
            this.depth = depth;
        }
    }

    /** One disjoint path: its own view of the candidates, and its queries in flight. */
    private final class Path {
        final TreeMap<NodeId, Probe> view;
        int active;
        int queried;
        boolean finished;

        Path(TreeMap<NodeId, Probe> view) {
            this.view = view;
        }
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
    private final Map<NodeId, Probe> probes = new HashMap<>();
    private final List<Path> paths = new ArrayList<>();
    private final Set<InetSocketAddress> liars = new HashSet<>();
    private final Map<Contact, R> replies = new LinkedHashMap<>();
    private final CompletableFuture<LookupResult<R>> result = new CompletableFuture<>();
    private boolean finished;
    private int queried;
    private int failed;

    private IterativeLookup(Builder<R> b) {
        this.target = b.target;
        this.self = b.self;
        this.k = b.k;
        this.alpha = b.alpha;
        this.querier = b.querier;
        this.scheduler = b.scheduler;
        this.slowAfter = b.slowAfter;
        this.quorum = b.quorum;
        this.enough = b.enough;
        for (int i = 0; i < b.paths; i++) {
            paths.add(new Path(new TreeMap<>(Distance.idsByDistanceTo(target))));
        }
    }

    /** Starts a lookup configured by a builder. */
    public static <R> Builder<R> towards(NodeId target) {
        return new Builder<>(target);
    }

    private CompletableFuture<LookupResult<R>> start(List<Contact> seeds) {
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
        Probe probe = probes.get(c.id());
        boolean fresh = probe == null;
        if (fresh) {
            probe = new Probe(c, depth);
            probes.put(c.id(), probe);
        } else if (!probe.contact.address().equals(c.address())
                && !probe.alternates.contains(c.address())
                && probe.alternates.size() < MAX_ALTERNATES) {
            probe.alternates.add(c.address());
            if (probe.state == State.FAILED) {
                retryAlternate(probe);
            }
        }
        paths.get(path).view.putIfAbsent(c.id(), probe);
        return fresh;
    }

    /** Starts queries up to alpha on every path, or finishes; queries run outside the lock. */
    private void step() {
        List<Probe> toQuery = new ArrayList<>();
        LookupResult<R> done = null;
        synchronized (this) {
            if (finished) {
                return;
            }
            boolean allFinished = true;
            for (int p = 0; p < paths.size(); p++) {
                Path path = paths.get(p);
                if (!path.finished) {
                    stepPath(p, path, toQuery);
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
        for (Probe c : toQuery) {
            query(c);
        }
    }

    private void stepPath(int index, Path path, List<Probe> toQuery) {
        int seen = 0;
        boolean allAnswered = true;
        boolean pending = false;
        List<R> leading = enough == null ? null : new ArrayList<>(quorum);
        boolean leadingAnswered = true;
        List<Probe> started = new ArrayList<>(alpha);
        Diversity diversity = new Diversity();
        for (Probe c : path.view.values()) {
            if (seen >= k) {
                break;
            }
            if (c.state == State.FAILED || !diversity.admit(c.contact)) {
                continue;
            }
            seen++;
            if (c.state != State.ANSWERED) {
                allAnswered = false;
            }
            if (c.state == State.IN_FLIGHT || c.state == State.SLOW) {
                pending = true;
            }
            if (leading != null && leadingAnswered && leading.size() < quorum && c.state != State.SLOW) {
                if (c.state == State.ANSWERED) {
                    leading.add(c.reply);
                } else {
                    leadingAnswered = false;
                }
            }
            if (c.state == State.CANDIDATE && path.active < alpha && path.queried < MAX_QUERIES_PER_PATH) {
                c.state = State.IN_FLIGHT;
                c.owner = index;
                path.active++;
                path.queried++;
                queried++;
                started.add(c);
            }
        }
        boolean early = leading != null && leadingAnswered && leading.size() == quorum && enough.test(leading);
        if (early) {
            for (Probe c : started) { // not sent after all
                c.state = State.CANDIDATE;
                c.owner = -1;
                path.active--;
                path.queried--;
                queried--;
            }
            started.clear();
        }
        toQuery.addAll(started);
        if (early || (started.isEmpty() && (allAnswered || !pending && path.active == 0))) {
            path.finished = true;
        }
    }

    private void query(Probe c) {
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

    private void markSlow(Probe c, Contact asked) {
        synchronized (this) {
            if (c.state != State.IN_FLIGHT || !c.contact.equals(asked)) {
                return;
            }
            c.state = State.SLOW;
            paths.get(c.owner).active--;
        }
        step();
    }

    private void onReply(Probe c, Contact asked, Querier.Reply<R> reply, Throwable error) {
        synchronized (this) {
            if (!c.contact.equals(asked) || (c.state != State.IN_FLIGHT && c.state != State.SLOW)) {
                return; // a late answer for an address the probe has moved on from
            }
            Path owner = paths.get(c.owner);
            if (c.state == State.IN_FLIGHT) {
                owner.active--;
            }
            if (error != null || reply == null) {
                failed++;
                c.state = State.FAILED;
                if (isLie(error)) {
                    markLiar(asked.address());
                } else {
                    retryAlternate(c);
                }
            } else {
                c.state = State.ANSWERED;
                c.reply = reply.payload();
                replies.put(c.contact, reply.payload());
                for (Contact closer : reply.closer()) {
                    offer(closer, c.depth + 1, c.owner);
                }
            }
        }
        step();
    }

    private static boolean isLie(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof ProtocolViolationException;
    }

    /** An address lied about its id: nothing more is asked there in this lookup. */
    private void markLiar(InetSocketAddress address) {
        liars.add(address);
        for (Probe p : probes.values()) {
            p.alternates.remove(address);
            if (p.contact.address().equals(address) && p.state == State.CANDIDATE) {
                p.state = State.FAILED;
            }
        }
        for (Probe p : probes.values()) {
            if (p.state == State.FAILED) {
                retryAlternate(p);
            }
        }
    }

    /** A failed probe with an alternate address becomes a fresh candidate at that address. */
    private void retryAlternate(Probe p) {
        while (!p.alternates.isEmpty()) {
            InetSocketAddress next = p.alternates.remove(0);
            if (!liars.contains(next)) {
                p.contact = new Contact(p.contact.id(), next);
                p.state = State.CANDIDATE;
                p.owner = -1;
                return;
            }
        }
    }

    private LookupResult<R> summary() {
        TreeMap<NodeId, Probe> answered = new TreeMap<>(Distance.idsByDistanceTo(target));
        for (Probe p : probes.values()) {
            if (p.state == State.ANSWERED) {
                answered.put(p.contact.id(), p);
            }
        }
        List<Contact> closest = new ArrayList<>();
        Diversity diversity = new Diversity();
        int hops = 0;
        for (Probe c : answered.values()) {
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

    /** Configures a lookup; {@link #run} starts it. */
    public static final class Builder<R> {
        private final NodeId target;
        private NodeId self;
        private int k = 20;
        private int alpha = 3;
        private int paths = 1;
        private Querier<R> querier;
        private Scheduler scheduler;
        private Supplier<Duration> slowAfter = () -> Duration.ofSeconds(1);
        private int quorum;
        private Predicate<List<R>> enough;

        private Builder(NodeId target) {
            this.target = target;
        }

        /** This node's id, never queried. */
        public Builder<R> self(NodeId self) {
            this.self = self;
            return this;
        }

        public Builder<R> k(int k) {
            this.k = k;
            return this;
        }

        /** Queries in flight per path. */
        public Builder<R> alpha(int alpha) {
            this.alpha = alpha;
            return this;
        }

        /** Number of disjoint paths (S/Kademlia section 4.4); 1 by default. */
        public Builder<R> paths(int paths) {
            if (paths < 1) {
                throw new IllegalArgumentException("a lookup needs at least one path");
            }
            this.paths = paths;
            return this;
        }

        public Builder<R> querier(Querier<R> querier) {
            this.querier = querier;
            return this;
        }

        public Builder<R> scheduler(Scheduler scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        /** After how long a pending query stops counting against alpha; asked per query. */
        public Builder<R> slowAfter(Supplier<Duration> slowAfter) {
            this.slowAfter = slowAfter;
            return this;
        }

        /**
         * Lets each path end before its k closest answered: when the {@code quorum} closest
         * contacts of its view that have not failed and are not slow have all answered, and
         * {@code enough} accepts their answers (closest first). The test runs under the lookup's
         * lock: keep it cheap and free of side effects.
         */
        public Builder<R> endEarly(int quorum, Predicate<List<R>> enough) {
            if (quorum < 1) {
                throw new IllegalArgumentException("quorum must be at least 1");
            }
            this.quorum = quorum;
            this.enough = enough;
            return this;
        }

        /** Runs the lookup from {@code seeds}; the future never fails, an empty result means nobody answered. */
        public CompletableFuture<LookupResult<R>> run(List<Contact> seeds) {
            if (self == null || querier == null || scheduler == null || k < 1 || alpha < 1) {
                throw new IllegalStateException("lookup needs self, querier, scheduler, k >= 1 and alpha >= 1");
            }
            return new IterativeLookup<>(this).start(seeds);
        }
    }
}
