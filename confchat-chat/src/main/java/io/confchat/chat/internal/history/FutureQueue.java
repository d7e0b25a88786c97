package io.confchat.chat.internal.history;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs asynchronous read-modify-write steps one after another, so two updates of one record
 * never read the same state. A failed step does not stop the next.
 */
final class FutureQueue {
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

    synchronized <T> CompletableFuture<T> enqueue(Supplier<CompletableFuture<T>> step) {
        CompletableFuture<T> next = tail.handle((x, e) -> null).thenCompose(x -> step.get());
        tail = next;
        return next;
    }
}
