package io.confchat.chat.sim;

import io.confchat.dht.time.Scheduler;
import java.time.Duration;
import java.time.Instant;

/**
 * The clock of a machine set {@code offset} ahead of the simulated time (behind, when negative):
 * it reads the wrong time, while its timers run as everyone's do.
 */
public record SkewedScheduler(Scheduler base, Duration offset) implements Scheduler {
    @Override
    public long nanoTime() {
        return base.nanoTime();
    }

    @Override
    public Instant now() {
        return base.now().plus(offset);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        return base.schedule(delay, task);
    }
}
