package io.confchat.chat.internal.records;

import io.confchat.api.Dht;
import io.confchat.api.PutFailedException;
import io.confchat.api.PutResult;
import io.confchat.api.SignedRecord;
import java.util.concurrent.CompletableFuture;

/**
 * A put the chat layer relies on (an inbox item, a history chunk or index, the chat list): it
 * counts as done only when at least two nodes hold the record, or every node asked when the
 * network has just one. A copy on this node alone dies with it (a client that logs out or
 * crashes), so such a put fails and is tried again by its owner.
 */
public final class DurablePut {
    private DurablePut() {}

    /** @return the put's outcome; fails with {@link PutFailedException} when too few nodes stored it */
    public static CompletableFuture<PutResult> put(Dht dht, SignedRecord record) {
        return dht.put(record).thenApply(result -> {
            if (result.stored() < Math.min(2, result.contacted())) {
                throw new PutFailedException(
                        "stored on " + result.stored() + " of " + result.contacted()
                                + " nodes; is the network reachable?",
                        result);
            }
            return result;
        });
    }
}
