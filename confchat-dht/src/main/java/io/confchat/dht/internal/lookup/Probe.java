package io.confchat.dht.internal.lookup;

import io.confchat.api.Contact;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * One contact of an {@link IterativeLookup}, shared by the paths that know it. Guarded by the
 * lookup's lock.
 *
 * <pre>
 *  CANDIDATE ──query──▶ IN_FLIGHT ──answer──▶ UNPROVEN ──counts?──▶ PROVING ──proof──▶ ANSWERED
 *      ▲                   │  └─slowAfter─▶ SLOW ──answer──┘  (proven already: straight to ANSWERED)
 *      └── alternate ◀─────┴──────── fail / timeout / lie / failed proof ────────────▶ FAILED
 * </pre>
 */
final class Probe<R> {
    enum State {
        CANDIDATE,
        IN_FLIGHT,
        SLOW,
        /** Answered; its id is not proven yet, so the answer does not count. */
        UNPROVEN,
        /** Answered; the proof of its id runs. */
        PROVING,
        /** Answered, id proven: the answer counts. */
        ANSWERED,
        FAILED;

        /** The contact answered (whether or not the answer counts yet). */
        boolean replied() {
            return this == UNPROVEN || this == PROVING || this == ANSWERED;
        }

        /** A query or a proof is under way. */
        boolean pending() {
            return this == IN_FLIGHT || this == SLOW || this == PROVING;
        }
    }

    Contact contact;
    final int depth;
    final List<InetSocketAddress> alternates = new ArrayList<>(0);
    State state = State.CANDIDATE;
    /** The path that asked it, -1 before. */
    int owner = -1;

    R reply;
    IdProof proof;

    Probe(Contact contact, int depth) {
        this.contact = contact;
        this.depth = depth;
    }
}
