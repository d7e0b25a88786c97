package io.confchat.chat.internal.login;

import io.confchat.dht.time.Scheduler;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The login's periodic group catch-up rounds: one every {@link #EVERY} on average, each after a
 * wait drawn afresh between half and one and a half of it (5 to 15 minutes), counted from the end
 * of the round before. A fixed period kept clients that logged in together (a hundred in one
 * process, a network restarting) reading every chain of their groups in the same second, every
 * time: on loopback, 100 members started about 9,800 chain fetches at once. The login's first
 * catch-up is not a round: it runs at once (sends wait for it). Thread-safe.
 */
final class CatchUpRounds {
    /** The mean time between two rounds. */
    static final Duration EVERY = Duration.ofMinutes(10);

    private final Scheduler scheduler;
    private final Random random;
    private final Supplier<CompletableFuture<Void>> round;
    private Scheduler.Cancellable next = () -> {};
    private boolean stopped;

    /** @param round one catch-up round; the next is scheduled when it completes (or fails) */
    CatchUpRounds(Scheduler scheduler, Random random, Supplier<CompletableFuture<Void>> round) {
        this.scheduler = scheduler;
        this.random = random;
        this.round = round;
    }

    /** Schedules the first round; the rounds go on until {@link #stop}. */
    synchronized void start() {
        if (!stopped) {
            next = scheduler.schedule(nextWait(), this::run);
        }
    }

    private void run() {
        CompletableFuture<Void> r;
        try {
            r = round.get();
        } catch (RuntimeException e) {
            r = CompletableFuture.failedFuture(e);
        }
        r.whenComplete((x, e) -> start());
    }

    /** A wait between {@code EVERY / 2} and {@code EVERY * 3 / 2}, uniformly. */
    private Duration nextWait() {
        long every = EVERY.toMillis();
        return Duration.ofMillis(every / 2 + (long) (random.nextDouble() * every));
    }

    synchronized void stop() {
        stopped = true;
        next.cancel();
    }
}
