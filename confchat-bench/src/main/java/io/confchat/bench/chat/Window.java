package io.confchat.bench.chat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps at most {@code max} sends in flight. A sender that finds the window full waits until it
 * has drained to half, so on a busy machine the sender and the event loops do not wake each other
 * once per message. One sending thread; any thread releases.
 */
public final class Window {
    private final int max;
    private final int low;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile Thread waiter;

    public Window(int max) {
        if (max < 2) {
            throw new IllegalArgumentException("a window holds at least 2 sends");
        }
        this.max = max;
        this.low = max / 2;
    }

    /** Takes a slot, waiting while the window is full. */
    public void acquire() {
        if (inFlight.incrementAndGet() <= max) {
            return;
        }
        waiter = Thread.currentThread();
        // checked after publishing the waiter: a release that missed it has already drained us
        while (inFlight.get() > low) {
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(1));
        }
        waiter = null;
    }

    public void release() {
        if (inFlight.decrementAndGet() == low) {
            Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }
    }

    /** Waits up to {@code timeoutMillis} for every send to complete; true if all did. */
    public boolean drain(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (inFlight.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return true;
    }

    public int inFlight() {
        return inFlight.get();
    }
}
