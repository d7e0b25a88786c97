package io.confchat.dht.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The production {@link Scheduler}: the system clocks and one daemon timer thread. Tasks hand off
 * real work quickly; the thread only fires timers. Timers are coalesced ({@link CoalescedTimers}):
 * the thread wakes once per earliest deadline, not once per timer scheduled or cancelled.
 */
public final class SystemScheduler implements Scheduler, AutoCloseable {
    private final ScheduledThreadPoolExecutor timer;
    private final Clock clock;
    private final CoalescedTimers timers;

    private SystemScheduler(ScheduledThreadPoolExecutor timer, Clock clock) {
        this.timer = timer;
        this.clock = clock;
        this.timers = new CoalescedTimers(new Direct());
    }

    /** Creates a scheduler with its own daemon timer thread; {@link #close()} stops it. */
    public static SystemScheduler create() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "confchat-timer");
            t.setDaemon(true);
            return t;
        });
        // a replaced arming leaves the queue at once instead of waking the thread at its deadline
        timer.setRemoveOnCancelPolicy(true);
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
        return timers.schedule(delay, task);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** The executor itself, one task per call: what {@link CoalescedTimers} arms. */
    private final class Direct implements Scheduler {
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
            ScheduledFuture<?> f = timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        }
    }
}
