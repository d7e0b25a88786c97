package io.confchat.dht.internal.lookup;

import io.confchat.api.Contact;
import io.confchat.api.NodeId;
import io.confchat.dht.time.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Configures an {@link IterativeLookup}; {@link #run} starts it. Not thread-safe; one lookup per builder. */
public final class LookupBuilder<R> {
    final NodeId target;
    NodeId self;
    int k = 20;
    int alpha = 3;
    int paths = 1;
    Querier<R> querier;
    Scheduler scheduler;
    Supplier<Duration> slowAfter = () -> Duration.ofSeconds(1);
    int quorum;
    Predicate<List<R>> enough;
    Predicate<Contact> provenAlready = c -> false;

    LookupBuilder(NodeId target) {
        this.target = target;
    }

    /** This node's id, never queried. */
    public LookupBuilder<R> self(NodeId self) {
        this.self = self;
        return this;
    }

    public LookupBuilder<R> k(int k) {
        this.k = k;
        return this;
    }

    /** Queries in flight per path. */
    public LookupBuilder<R> alpha(int alpha) {
        this.alpha = alpha;
        return this;
    }

    /** Number of disjoint paths (S/Kademlia section 4.4); 1 by default. */
    public LookupBuilder<R> paths(int paths) {
        if (paths < 1) {
            throw new IllegalArgumentException("a lookup needs at least one path");
        }
        this.paths = paths;
        return this;
    }

    public LookupBuilder<R> querier(Querier<R> querier) {
        this.querier = querier;
        return this;
    }

    public LookupBuilder<R> scheduler(Scheduler scheduler) {
        this.scheduler = scheduler;
        return this;
    }

    /** After how long a pending query stops counting against alpha; asked per query. */
    public LookupBuilder<R> slowAfter(Supplier<Duration> slowAfter) {
        this.slowAfter = slowAfter;
        return this;
    }

    /**
     * Lets each path end before its k closest answered: when the {@code quorum} closest
     * contacts of its view that have not failed and are not slow have all answered, and
     * {@code enough} accepts their answers (closest first). The test runs under the lookup's
     * lock: keep it cheap and free of side effects.
     */
    public LookupBuilder<R> endEarly(int quorum, Predicate<List<R>> enough) {
        if (quorum < 1) {
            throw new IllegalArgumentException("quorum must be at least 1");
        }
        this.quorum = quorum;
        this.enough = enough;
        return this;
    }

    /**
     * Tells which contacts proved their id before the lookup (their answers will count at once),
     * so an agreeing quorum that is not proven yet may ask those just behind it instead of proving
     * itself, when that is cheaper. None by default. Runs under the lookup's lock: keep it cheap.
     */
    public LookupBuilder<R> provenAlready(Predicate<Contact> provenAlready) {
        this.provenAlready = provenAlready;
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
