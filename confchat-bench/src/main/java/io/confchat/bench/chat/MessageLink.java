package io.confchat.bench.chat;

import java.util.concurrent.CompletableFuture;

/**
 * One way of carrying a 100-byte text to a peer on loopback and getting back its acknowledgement
 * (or, for the raw floor, its echo). {@link #send} is called from one benchmark thread.
 */
public interface MessageLink extends AutoCloseable {
    /** The text every benchmark sends: 100 ASCII bytes. */
    String TEXT = "0123456789".repeat(10);

    /**
     * Sends one text.
     *
     * @return completes when the peer has acknowledged (or echoed) it; fails if the link broke
     */
    CompletableFuture<?> send();

    /** False if a completed send's result says the text was not delivered live. */
    default boolean delivered(Object result) {
        return true;
    }

    /** CPU the relay in the path has used so far (its event-loop thread), or -1 without a relay. */
    default long relayCpuNanos() {
        return -1;
    }

    /** What is measured, for the report. */
    String describe();

    @Override
    void close();
}
