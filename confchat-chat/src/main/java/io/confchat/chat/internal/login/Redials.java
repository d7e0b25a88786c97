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
 * inbox. A peer gets at most {@link #UNPROVEN_LIMIT} redials in a row until one of its sessions
 * acknowledges a text, so a peer (or a path) that takes a connection and drops it at once is not
 * dialed forever. Thread-safe.
 */
final class Redials {
    /** Redials of one peer in a row without an acknowledgement from it in between. */
    static final int UNPROVEN_LIMIT = 3;

    private final Map<String, CompletableFuture<DialResult>> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Integer> unproven = new ConcurrentHashMap<>();

    /**
     * The redial of {@code peer} running now, or a new one started by {@code dial}; none when the
     * peer used up its redials.
     */
    CompletableFuture<DialResult> start(String peer, Supplier<CompletableFuture<DialResult>> dial) {
        CompletableFuture<DialResult> started = new CompletableFuture<>();
        CompletableFuture<DialResult> running = inFlight.putIfAbsent(peer, started);
        if (running != null) {
            return running;
        }
        if (unproven.merge(peer, 1, Integer::sum) > UNPROVEN_LIMIT) {
            inFlight.remove(peer, started);
            return CompletableFuture.completedFuture(new DialResult.Unreachable(
                    peer + " dropped " + UNPROVEN_LIMIT + " connections in a row before acknowledging anything"));
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

    /** A session with {@code peer} acknowledged a text: it may be redialed again. */
    void proven(String peer) {
        unproven.remove(peer);
    }

    /** The redial of {@code peer} still running, if any. */
    Optional<CompletableFuture<DialResult>> running(String peer) {
        return Optional.ofNullable(inFlight.get(peer));
    }
}
