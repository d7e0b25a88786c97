package io.confchat.chat.internal.history;

import io.confchat.api.PutFailedException;
import io.confchat.api.PutResult;
import io.confchat.api.SignedRecord;
import io.confchat.chat.sim.ForwardingDht;
import io.confchat.dht.KademliaNode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** A node's DHT that fails the n-th put it is asked for (counting from 0 after each arming). */
final class FaultyDht extends ForwardingDht {
    private final KademliaNode node;
    private final AtomicInteger countdown = new AtomicInteger(-1);
    private final AtomicInteger failures = new AtomicInteger();
    private volatile boolean reachesOne;

    FaultyDht(KademliaNode node) {
        super(node);
        this.node = node;
    }

    /** The n-th put reaches one node, then is reported failed. */
    void failPutNumber(int n) {
        countdown.set(n);
        reachesOne = true;
    }

    /** The n-th put reaches no node and is reported failed. */
    void losePutNumber(int n) {
        countdown.set(n);
        reachesOne = false;
    }

    int failures() {
        return failures.get();
    }

    @Override
    public CompletableFuture<PutResult> put(SignedRecord record) {
        if (countdown.getAndDecrement() == 0) {
            failures.incrementAndGet();
            if (!reachesOne) {
                return CompletableFuture.failedFuture(
                        new PutFailedException("injected loss", new PutResult(0, 1, List.of())));
            }
            return node.put(record)
                    .thenCompose(r -> CompletableFuture.failedFuture(
                            new PutFailedException("injected failure", new PutResult(0, 1, List.of()))));
        }
        return node.put(record);
    }
}
