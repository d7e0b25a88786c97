package io.confchat.bench.support;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a future the way the network in use needs: with a wall-clock timeout on real sockets,
 * or by running the manual scheduler on the simulated network.
 */
public interface Awaiter {
    /**
     * Waits for {@code future} and returns its value.
     *
     * @throws java.util.concurrent.CompletionException if it failed or did not complete in time
     */
    <T> T await(CompletableFuture<T> future);

    /** Waits on the calling thread for at most {@code limit} of wall-clock time. */
    static Awaiter wallClock(Duration limit) {
        return new Awaiter() {
            @Override
            public <T> T await(CompletableFuture<T> future) {
                return future.orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS).join();
            }
        };
    }
}
