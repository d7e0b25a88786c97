package io.confchat.chat.internal.runtime;

import io.confchat.dht.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Waiting for something at most so long, on the injected clock. */
public final class Deadline {
    private Deadline() {}

    /**
     * Completes when {@code work} completes (normally or not) or {@code limit} has passed,
     * whichever comes first; never fails. The work itself goes on.
     */
    public static CompletableFuture<Void> within(Scheduler scheduler, Duration limit, CompletableFuture<?> work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Scheduler.Cancellable timer = scheduler.schedule(limit, () -> done.complete(null));
        work.whenComplete((x, error) -> {
            timer.cancel();
            done.complete(null);
        });
        return done;
    }
}
