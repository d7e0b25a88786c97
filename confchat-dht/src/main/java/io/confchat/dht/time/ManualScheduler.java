package io.confchat.dht.time;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Scheduler} whose clock moves only when a test advances it: tasks run in due order on
 * the thread that calls {@link #advance}, {@link #runNext} or {@link #await}, so a test of many
 * nodes is deterministic and needs no sleeping. Tasks due at the same time run in the order they
 * were scheduled. The clock starts at 2026-01-01T00:00:00Z.
 *
 * <p>A cancelled task lets go of its body at once, and cancelled tasks leave the queue once they
 * outnumber the live ones: a body often reaches far (an RPC's timeout holds its call and the reply
 * that came; a lookup's slow mark holds the lookup and every answer), and a simulation makes
 * thousands of calls within one timeout, so holding bodies until their deadline would keep every
 * reply of those seconds alive.
 *
 * <p>Thread-safe for scheduling; tasks are meant to be run by one thread (the test's). A future
 * that depends on scheduled work completes only while that thread runs tasks: call {@link
 * #await} rather than {@code join()}, which would wait forever.
 */
public final class ManualScheduler implements Scheduler {
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    /** Below this many cancelled tasks in the queue it is never swept (a sweep is linear). */
    static final int SWEEP_THRESHOLD = 64;

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private int cancelledInQueue;
    private long nanos;
    private long sequence;
    private long executed;

    private static final class Task implements Comparable<Task> {
        final long due;
        final long seq;
        /** Null once cancelled. Guarded by the scheduler's lock. */
        Runnable body;

        boolean cancelled;
        boolean queued = true;

        Task(long due, long seq, Runnable body) {
            this.due = due;
            this.seq = seq;
            this.body = body;
        }

        @Override
        public int compareTo(Task o) {
            return due != o.due ? Long.compare(due, o.due) : Long.compare(seq, o.seq);
        }
    }

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    @Override
    public synchronized Instant now() {
        return EPOCH.plusNanos(nanos);
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Task t = new Task(nanos + Math.max(0, delay.toNanos()), sequence++, task);
        queue.add(t);
        return () -> cancel(t);
    }

    private synchronized void cancel(Task t) {
        if (t.cancelled) {
            return;
        }
        t.cancelled = true;
        t.body = null;
        if (!t.queued) {
            return;
        }
        cancelledInQueue++;
        if (cancelledInQueue >= SWEEP_THRESHOLD && 2 * cancelledInQueue > queue.size()) {
            queue.removeIf(x -> x.cancelled);
            cancelledInQueue = 0;
        }
    }

    /** Removes and returns the head; the caller holds the lock. */
    private Task poll() {
        Task t = queue.poll();
        if (t != null) {
            t.queued = false;
            if (t.cancelled) {
                cancelledInQueue--;
            }
        }
        return t;
    }

    /** Runs the next due task, moving the clock to its time; false when nothing is queued. */
    public boolean runNext() {
        Task t;
        Runnable body;
        synchronized (this) {
            do {
                t = poll();
            } while (t != null && t.cancelled);
            if (t == null) {
                return false;
            }
            nanos = Math.max(nanos, t.due);
            executed++;
            body = t.body;
        }
        body.run();
        return true;
    }

    /** The next task that was not cancelled, dropping cancelled ones; the caller holds the lock. */
    private Task liveHead() {
        Task head = queue.peek();
        while (head != null && head.cancelled) {
            poll();
            head = queue.peek();
        }
        return head;
    }

    /** Runs every task due within {@code d} and leaves the clock {@code d} later. */
    public void advance(Duration d) {
        long target;
        synchronized (this) {
            target = nanos + d.toNanos();
        }
        while (true) {
            synchronized (this) {
                Task head = liveHead(); // a cancelled head must not let a later task run early
                if (head == null || head.due > target) {
                    nanos = Math.max(nanos, target);
                    return;
                }
            }
            runNext();
        }
    }

    /**
     * Runs tasks until {@code future} completes, at most {@code limit} of simulated time.
     *
     * @return the future's value
     * @throws AssertionError if it is still pending then (a test failure, as JUnit's own timeouts)
     * @throws java.util.concurrent.CompletionException if the future failed
     */
    public <T> T await(CompletableFuture<T> future, Duration limit) {
        long deadline;
        synchronized (this) {
            deadline = nanos + limit.toNanos();
        }
        while (!future.isDone()) {
            synchronized (this) {
                Task head = liveHead();
                if (head == null || head.due > deadline) {
                    break;
                }
            }
            runNext();
        }
        if (!future.isDone()) {
            throw new AssertionError("future still pending after " + limit + " of simulated time");
        }
        return future.join();
    }

    /** Tasks in the queue, cancelled ones not yet dropped included (tests). */
    synchronized int queued() {
        return queue.size();
    }

    /** How many tasks have run, for tests that bound work. */
    public synchronized long executed() {
        return executed;
    }
}
