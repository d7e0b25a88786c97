package io.confchat.dht.internal.lookup;

import io.confchat.api.Contact;
import io.confchat.api.NodeId;
import io.confchat.dht.internal.routing.Distance;
import io.confchat.dht.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The iterative node lookup of Kademlia (section 2.3), alpha queries in flight.
 *
 * <p>Candidates are kept ordered by distance to the target. The lookup keeps {@code alpha} queries
 * running against the closest candidates not yet asked; it ends when the {@code k} closest
 * contacts that have not failed have all answered (or no candidate is left). A query pending for
 * longer than {@code slowAfter} stops counting against alpha, so one slow or dead contact never
 * stalls a round: the next candidate starts beside it, and a late answer is still used.
 *
 * <p>A lookup may also end early ({@link Builder#endEarly}): as soon as the {@code quorum} closest
 * contacts that neither failed nor are slow have all answered and their answers satisfy a test
 * (for FIND_VALUE: the same records). Slow contacts do not block that test, so a dead contact
 * among the closest costs at most {@code slowAfter}, not a full timeout.
 *
 * <pre>
 *  CANDIDATE ──query──▶ IN_FLIGHT ──answer──▶ ANSWERED
 *                          │  └──slowAfter──▶ SLOW ──answer──▶ ANSWERED
 *                          └──────fail / timeout──────────────▶ FAILED
 * </pre>
 *
 * Thread-safe: replies may arrive on any thread; queries are started outside the lock.
 */
public final class IterativeLookup<R> {
    /** Hard cap on contacts asked by one lookup, against peers that feed endless referrals. */
    static final int MAX_QUERIES = 200;

    private enum State {
        CANDIDATE,
        IN_FLIGHT,
        SLOW,
        ANSWERED,
        FAILED
    }

    private static final class Candidate {
        final Contact contact;
        final int depth;
        State state = State.CANDIDATE;

        Candidate(Contact contact, int depth) {
            this.contact = contact;
            this.depth = depth;
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
    private final TreeMap<NodeId, Candidate> candidates;
    private final Map<Contact, R> replies = new LinkedHashMap<>();
    private final CompletableFuture<LookupResult<R>> result = new CompletableFuture<>();
    private boolean finished;
    private int active;
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
        this.candidates = new TreeMap<>(Distance.idsByDistanceTo(target));
    }

    /** Starts a lookup configured by a builder. */
    public static <R> Builder<R> towards(NodeId target) {
        return new Builder<>(target);
    }

    private CompletableFuture<LookupResult<R>> start(List<Contact> seeds) {
        synchronized (this) {
            for (Contact c : seeds) {
                offer(c, 0);
            }
        }
        step();
        return result;
    }

    private void offer(Contact c, int depth) {
        if (!c.id().equals(self) && !candidates.containsKey(c.id())) {
            candidates.put(c.id(), new Candidate(c, depth));
        }
    }

    /** Starts queries up to alpha, or finishes; the queries themselves run outside the lock. */
    private void step() {
        List<Candidate> toQuery = new ArrayList<>();
        LookupResult<R> done = null;
        synchronized (this) {
            if (finished) {
                return;
            }
            int seen = 0;
            boolean allAnswered = true;
            List<R> leading = enough == null ? null : new ArrayList<>(quorum);
            boolean leadingAnswered = true;
            for (Iterator<Candidate> it = candidates.values().iterator(); it.hasNext() && seen < k; ) {
                Candidate c = it.next();
                if (c.state == State.FAILED) {
                    continue;
                }
                seen++;
                if (c.state != State.ANSWERED) {
                    allAnswered = false;
                }
                if (leading != null && leadingAnswered && leading.size() < quorum && c.state != State.SLOW) {
                    if (c.state == State.ANSWERED) {
                        leading.add(replies.get(c.contact));
                    } else {
                        leadingAnswered = false;
                    }
                }
                if (c.state == State.CANDIDATE && active < alpha && queried < MAX_QUERIES) {
                    c.state = State.IN_FLIGHT;
                    active++;
                    queried++;
                    toQuery.add(c);
                }
            }
            boolean early = leading != null && leadingAnswered && leading.size() == quorum && enough.test(leading);
            if (early) {
                for (Candidate c : toQuery) { // not sent after all
                    c.state = State.CANDIDATE;
                    active--;
                    queried--;
                }
                toQuery.clear();
            }
            if (early || (toQuery.isEmpty() && (allAnswered || nothingPending()))) {
                finished = true;
                done = summary();
            }
        }
        if (done != null) {
            result.complete(done); // outside the lock: callbacks run on this thread
            return;
        }
        for (Candidate c : toQuery) {
            query(c);
        }
    }

    private boolean nothingPending() {
        for (Candidate c : candidates.values()) {
            if (c.state == State.IN_FLIGHT || c.state == State.SLOW) {
                return false;
            }
        }
        return true;
    }

    private void query(Candidate c) {
        Scheduler.Cancellable slowTimer = scheduler.schedule(slowAfter.get(), () -> markSlow(c));
        CompletableFuture<Querier.Reply<R>> reply;
        try {
            reply = querier.query(c.contact);
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenComplete((r, error) -> {
            slowTimer.cancel();
            onReply(c, r, error);
        });
    }

    private void markSlow(Candidate c) {
        synchronized (this) {
            if (c.state != State.IN_FLIGHT) {
                return;
            }
            c.state = State.SLOW;
            active--;
        }
        step();
    }

    private void onReply(Candidate c, Querier.Reply<R> reply, Throwable error) {
        synchronized (this) {
            if (c.state == State.IN_FLIGHT) {
                active--;
            }
            if (error != null || reply == null) {
                c.state = State.FAILED;
                failed++;
            } else {
                c.state = State.ANSWERED;
                replies.put(c.contact, reply.payload());
                for (Contact closer : reply.closer()) {
                    offer(closer, c.depth + 1);
                }
            }
        }
        step();
    }

    private LookupResult<R> summary() {
        List<Contact> closest = new ArrayList<>();
        int hops = 0;
        for (Candidate c : candidates.values()) {
            if (closest.size() == k) {
                break;
            }
            if (c.state == State.ANSWERED) {
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

        public Builder<R> alpha(int alpha) {
            this.alpha = alpha;
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
         * Lets the lookup end before the k closest answered: when the {@code quorum} closest
         * contacts that have not failed and are not slow have all answered, and {@code enough}
         * accepts their answers (closest first). The test runs under the lookup's lock: keep it
         * cheap and free of side effects.
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
