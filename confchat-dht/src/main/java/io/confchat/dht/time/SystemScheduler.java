package io.confchat.dht.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The production {@link Scheduler}: the system clocks and one daemon timer thread. Tasks hand off
 * real work quickly; the thread only fires timers.
 */
public final class SystemScheduler implements Scheduler, AutoCloseable {
    private final ScheduledExecutorService timer;
    private final Clock clock;

    private SystemScheduler(ScheduledExecutorService timer, Clock clock) {
        this.timer = timer;
        this.clock = clock;
    }

    /** Creates a scheduler with its own daemon timer thread; {@link #close()} stops it. */
    public static SystemScheduler create() {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "confchat-timer");
            t.setDaemon(true);
            return t;
        });
        return new SystemScheduler(timer, Clock.systemUTC());
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        if (timer.isShutdown()) {
            return () -> {};
        }
        ScheduledFuture<?> f = timer.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
