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
 * <p>Thread-safe for scheduling; tasks are meant to be run by one thread (the test's). A future
 * that depends on scheduled work completes only while that thread runs tasks: call {@link
 * #await} rather than {@code join()}, which would wait forever.
 */
public final class ManualScheduler implements Scheduler {
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long nanos;
    private long sequence;
    private long executed;

    private static final class Task implements Comparable<Task> {
        final long due;
        final long seq;
        final Runnable body;
        boolean cancelled;

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
        return () -> {
            synchronized (ManualScheduler.this) {
                t.cancelled = true;
            }
        };
    }

    /** Runs the next due task, moving the clock to its time; false when nothing is queued. */
    public boolean runNext() {
        Task t;
        synchronized (this) {
            do {
                t = queue.poll();
            } while (t != null && t.cancelled);
            if (t == null) {
                return false;
            }
            nanos = Math.max(nanos, t.due);
            executed++;
        }
        t.body.run();
        return true;
    }

    /** The next task that was not cancelled, dropping cancelled ones; the caller holds the lock. */
    private Task liveHead() {
        Task head = queue.peek();
        while (head != null && head.cancelled) {
            queue.poll();
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

    /** How many tasks have run, for tests that bound work. */
    public synchronized long executed() {
        return executed;
    }
}
