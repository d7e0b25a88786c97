package io.confchat.dht.time;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many timers over one wakeup of an underlying {@link Scheduler}: the timers wait in a queue of
 * their own, and the underlying scheduler holds at most one task, armed for the earliest deadline.
 *
 * <p>Why: a lookup schedules two timers per query (the query's slow mark and its RPC timeout) and
 * almost always cancels both a millisecond later. Handed one by one to a {@code
 * ScheduledThreadPoolExecutor}, each one that becomes the head of its queue wakes the timer thread,
 * and each cancelled one wakes it again at its deadline: about ten thread wakeups per get, a fifth
 * of the DHT's CPU (BENCHMARKS.md, issue 15). Here a timer whose deadline is not the earliest
 * costs a heap insertion and no wakeup, a cancelled one is dropped when it reaches the head, and the
 * thread wakes once per armed deadline, finding every timer due by then.
 *
 * <pre>
 *   schedule(d, task) ──► queue (by deadline, then order of scheduling)
 *                           │ earliest deadline earlier than the armed one?
 *                           ▼ yes: arm the underlying scheduler for it
 *   underlying fires ──► run every live timer now due, in order; drop cancelled heads;
 *                        arm again for the earliest remaining deadline, if any
 * </pre>
 *
 * Tasks run on the underlying scheduler's thread, outside this object's lock; one that throws is
 * logged and does not stop the others. Cancelled timers leave the queue lazily; when they outnumber
 * the live ones the queue is swept, so a timer rescheduled on every packet cannot grow it. Thread-
 * safe.
 */
final class CoalescedTimers implements Scheduler {
    private static final Logger log = LoggerFactory.getLogger(CoalescedTimers.class);
    /** Below this many cancelled timers, the queue is never swept (a sweep is linear). */
    static final int SWEEP_THRESHOLD = 64;

    private static final class Timer implements Comparable<Timer>, Cancellable {
        final long due;
        final long seq;
        final Runnable task;
        final CoalescedTimers owner;
        /** Set under the owner's lock; read without it just before the task would run. */
        volatile boolean cancelled;
        /** Guarded by the owner's lock. */
        boolean queued = true;

        Timer(long due, long seq, Runnable task, CoalescedTimers owner) {
            this.due = due;
            this.seq = seq;
            this.task = task;
            this.owner = owner;
        }

        @Override
        public int compareTo(Timer o) {
            return due != o.due ? Long.compare(due - o.due, 0) : Long.compare(seq, o.seq);
        }

        @Override
        public void cancel() {
            owner.cancel(this);
        }
    }

    private final Scheduler underlying;
    private final PriorityQueue<Timer> queue = new PriorityQueue<>();
    private long sequence;
    private int cancelledInQueue;
    /** The deadline the underlying scheduler is armed for, valid while {@link #armed} is set. */
    private long armedFor;

    private Cancellable armed;
    /** Which arming is current: an earlier one that fires anyway (a race with its cancel) does nothing. */
    private long generation;

    CoalescedTimers(Scheduler underlying) {
        this.underlying = underlying;
    }

    @Override
    public long nanoTime() {
        return underlying.nanoTime();
    }

    @Override
    public Instant now() {
        return underlying.now();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        long now = underlying.nanoTime();
        long due = now + Math.max(0, delay.toNanos());
        synchronized (this) {
            Timer t = new Timer(due, sequence++, task, this);
            queue.add(t);
            if (armed == null || due - armedFor < 0) {
                arm(due, now);
            }
            return t;
        }
    }

    /** Arms the underlying scheduler for {@code due}, in place of the earlier arming, if any. */
    private void arm(long due, long now) {
        if (armed != null) {
            armed.cancel();
        }
        long current = ++generation;
        armedFor = due;
        armed = underlying.schedule(Duration.ofNanos(Math.max(0, due - now)), () -> fire(current));
    }

    private void fire(long arming) {
        List<Timer> due = new ArrayList<>();
        synchronized (this) {
            if (arming != generation) {
                return; // replaced by an arming that is at or before every deadline left
            }
            armed = null;
            long now = underlying.nanoTime();
            while (!queue.isEmpty()) {
                Timer head = queue.peek();
                if (head.cancelled) {
                    queue.poll().queued = false;
                    cancelledInQueue--;
                } else if (head.due - now <= 0) {
                    Timer t = queue.poll();
                    t.queued = false;
                    due.add(t);
                } else {
                    arm(head.due, now);
                    break;
                }
            }
        }
        for (Timer t : due) {
            if (t.cancelled) {
                continue; // cancelled after it left the queue, before it started
            }
            try {
                t.task.run();
            } catch (RuntimeException e) {
                log.debug("timer task failed", e);
            }
        }
    }

    private synchronized void cancel(Timer t) {
        if (t.cancelled) {
            return;
        }
        t.cancelled = true;
        if (!t.queued) {
            return;
        }
        cancelledInQueue++;
        if (cancelledInQueue >= SWEEP_THRESHOLD && 2 * cancelledInQueue > queue.size()) {
            queue.removeIf(x -> {
                if (x.cancelled) {
                    x.queued = false;
                }
                return x.cancelled;
            });
            cancelledInQueue = 0;
        }
    }

    /** Timers waiting, cancelled ones not yet dropped included (tests). */
    synchronized int queued() {
        return queue.size();
    }
}
