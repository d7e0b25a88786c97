package io.confchat.dht.internal.routing;

import io.confchat.api.Contact;
import java.util.Optional;

/**
 * The outcome of offering a proven contact to the routing table.
 *
 * @param evictionCandidate with {@link Outcome#BUCKET_FULL}: the least recently seen contact of the
 *     bucket, to be pinged; if it does not answer, {@link RoutingTable#evict} makes room
 */
public record AddResult(Outcome outcome, Optional<Contact> evictionCandidate) {

    /** What happened to the offered contact. */
    public enum Outcome {
        /** New contact, now in its bucket. */
        ADDED,
        /** Already known; moved to the most-recently-seen end (address updated if it moved). */
        UPDATED,
        /** Bucket full: kept in the replacement cache; ping the eviction candidate. */
        BUCKET_FULL,
        /** The contact is this node itself. */
        SELF,
        /** Refused by the IP-diversity limits. */
        REJECTED
    }

    static AddResult of(Outcome outcome) {
        return new AddResult(outcome, Optional.empty());
    }

    static AddResult bucketFull(Contact candidate) {
        return new AddResult(Outcome.BUCKET_FULL, Optional.of(candidate));
    }
}
