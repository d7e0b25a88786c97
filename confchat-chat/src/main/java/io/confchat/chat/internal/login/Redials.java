package io.confchat.chat.internal.login;

import io.confchat.chat.internal.session.DialResult;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The redials in flight after a connection broke, at most one per peer: a text sent while one
 * runs waits for it (a relay died and the session moves to the other one) instead of going to the
 * inbox. Thread-safe.
 */
final class Redials {
    private final Map<String, CompletableFuture<DialResult>> inFlight = new ConcurrentHashMap<>();

    /** The redial of {@code peer} running now, or a new one started by {@code dial}. */
    CompletableFuture<DialResult> start(String peer, Supplier<CompletableFuture<DialResult>> dial) {
        CompletableFuture<DialResult> started = new CompletableFuture<>();
        CompletableFuture<DialResult> running = inFlight.putIfAbsent(peer, started);
        if (running != null) {
            return running;
        }
        dial.get().whenComplete((result, error) -> {
            inFlight.remove(peer, started);
            if (error != null) {
                started.completeExceptionally(error);
            } else {
                started.complete(result);
            }
        });
        return started;
    }

    /** The redial of {@code peer} still running, if any. */
    Optional<CompletableFuture<DialResult>> running(String peer) {
        return Optional.ofNullable(inFlight.get(peer));
    }
}
