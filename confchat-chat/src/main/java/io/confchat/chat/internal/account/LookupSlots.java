package io.confchat.chat.internal.account;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * At most {@code slots} asynchronous lookups of one client at a time; more wait their turn, in the
 * order they came. A burst of name resolutions (a group of 100 created at once, an invitation
 * whose 99 members are verified, an inbox of many senders) otherwise starts every lookup together
 * on one node, and their replies queue past the RPC timeouts: the replicas look silent, and the
 * names could not be confirmed. The group catch-up bounds its chain reads the same way. A lookup
 * something waits for now ({@link #runNow}) starts at once and holds a slot while it runs.
 * Thread-safe.
 */
public final class LookupSlots {
    private final int slots;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private final ArrayDeque<Runnable> handedOn = new ArrayDeque<>();
    private int busy;
    private boolean starting;

    public LookupSlots(int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1: " + slots);
        }
        this.slots = slots;
    }

    /** Starts {@code lookup} when a slot is free; completes as it does. */
    public <T> CompletableFuture<T> run(Supplier<CompletableFuture<T>> lookup) {
        return run(lookup, false);
    }

    /**
     * Starts {@code lookup} at once, even when every slot is busy (over the bound, until it ends:
     * no waiting lookup starts in its place before the count is below the bound again); completes
     * as it does.
     */
    public <T> CompletableFuture<T> runNow(Supplier<CompletableFuture<T>> lookup) {
        return run(lookup, true);
    }

    private <T> CompletableFuture<T> run(Supplier<CompletableFuture<T>> lookup, boolean atOnce) {
        CompletableFuture<T> done = new CompletableFuture<>();
        Runnable start = () -> {
            CompletableFuture<T> f;
            try {
                f = lookup.get();
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((value, error) -> {
                release();
                if (error != null) {
                    done.completeExceptionally(error);
                } else {
                    done.complete(value);
                }
            });
        };
        boolean now;
        synchronized (this) {
            now = atOnce || busy < slots;
            if (now) {
                busy++;
            } else {
                waiting.add(start);
            }
        }
        if (now) {
            start.run();
        }
        return done;
    }

    /** How many lookups wait for a slot. */
    public synchronized int waiting() {
        return waiting.size();
    }

    /**
     * Passes the slot to the next waiting lookup. Lookups that complete as they start (a cached
     * answer, a closed node) release again at once: they are started one after another by whichever
     * thread is starting them already, never one inside another's completion (a stack as deep as the
     * queue).
     */
    private void release() {
        synchronized (this) {
            Runnable next = busy > slots ? null : waiting.poll(); // over the bound: one fewer first
            if (next == null) {
                busy--;
                return;
            }
            handedOn.add(next); // the slot passes to it
            if (starting) {
                return;
            }
            starting = true;
        }
        while (true) {
            Runnable next;
            synchronized (this) {
                next = handedOn.poll();
                if (next == null) {
                    starting = false;
                    return;
                }
            }
            next.run();
        }
    }
}
