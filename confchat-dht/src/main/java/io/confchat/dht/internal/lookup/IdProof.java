package io.confchat.dht.internal.lookup;

import io.confchat.api.ProtocolViolationException;
import java.util.concurrent.CompletableFuture;

/**
 * How a contact that answered a lookup proves its id. A lookup runs it only once the answer would
 * count (toward its k closest, or a value quorum), so answers that never count cost no proof
 * (docs/dht-hardening.md#lazy-proofs).
 */
@FunctionalInterface
public interface IdProof {
    /**
     * Proves the id; may complete at once (a certificate checked on the spot). Fails with {@link
     * ProtocolViolationException} when the contact lied about its id, with another exception when
     * it merely could not be proven (no answer to a PING).
     */
    CompletableFuture<Void> prove();
}
