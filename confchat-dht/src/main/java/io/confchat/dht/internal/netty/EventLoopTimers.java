package io.confchat.dht.internal.netty;

import io.confchat.dht.time.Scheduler;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Request timers (a request's timeout, a lookup's slow mark) on the event loop of the node's UDP
 * channel, with the clock of the node's {@code SystemScheduler}.
 *
 * <p>Why: a get schedules two such timers per query and cancels both when the answer arrives,
 * about a millisecond later. On the node's timer thread each query that found it idle woke it
 * twice (once to take the new earliest deadline, once at that deadline to drop the cancelled
 * timer): about five thread wakeups and ten futex calls per get (BENCHMARKS.md, issue 15). The
 * answers arrive on this event loop, so scheduling and cancelling there is a queue insertion and
 * a removal, and a cancelled timer wakes nobody. Tasks run on the event loop: like every {@link
 * Scheduler} task they must be short and must not block, and they run where the answers they
 * race with run already.
 *
 * <p>Before the channel is bound, and once its event loop refuses work (the node is closing),
 * timers go to {@code fallback}. Thread-safe.
 */
final class EventLoopTimers implements Scheduler {
    private final Supplier<Channel> channel;
    private final Scheduler fallback;

    /**
     * @param channel the UDP channel once bound (null before)
     * @param fallback the node's system scheduler: its clock is this scheduler's clock
     */
    EventLoopTimers(Supplier<Channel> channel, Scheduler fallback) {
        this.channel = channel;
        this.fallback = fallback;
    }

    @Override
    public long nanoTime() {
        return fallback.nanoTime();
    }

    @Override
    public Instant now() {
        return fallback.now();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Channel ch = channel.get();
        if (ch == null) {
            return fallback.schedule(delay, task);
        }
        EventLoop loop = ch.eventLoop();
        try {
            var f = loop.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        } catch (RejectedExecutionException e) {
            return fallback.schedule(delay, task);
        }
    }
}
