package io.confchat.dht.time;

import java.time.Duration;
import java.time.Instant;

/**
 * The node's only source of time and of deferred work. Protocol code never reads the system clock
 * nor sleeps; it asks this interface, so tests drive a manual clock and stay deterministic.
 *
 * <p>Implementations are thread-safe. Tasks must be short and must not block.
 */
public interface Scheduler {
    /** Monotonic nanoseconds, for timeouts and round-trip times. */
    long nanoTime();

    /** Wall-clock time, for record expiry that must survive restarts. */
    Instant now();

    /** Runs {@code task} once after {@code delay}; the returned handle cancels it. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that has not run yet can be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the task if it has not started; harmless afterwards. */
        void cancel();
    }
}
