package io.confchat.dht.record;

import io.confchat.api.SignedRecord;
import java.time.Duration;
import java.util.List;

/**
 * Rules of one record type, checked by every storing node after the generic checks (limits,
 * signature, sequence number). Register one per type with {@code KademliaNodeBuilder.validator}.
 * Records of types without a validator get {@link #DEFAULT}.
 *
 * <p>Implementations must be thread-safe, fast and free of I/O: they run on the network thread.
 */
public interface RecordValidator {
    /**
     * The rules of types without a validator: any well-signed record with a TTL of at most 30 days,
     * within {@link TypeLimits#UNVALIDATED}.
     */
    RecordValidator DEFAULT = new RecordValidator() {
        @Override
        public Verdict validate(SignedRecord candidate, List<SignedRecord> existing) {
            return Verdict.ACCEPT;
        }

        @Override
        public TypeLimits limits() {
            return TypeLimits.UNVALIDATED;
        }
    };

    /**
     * Judges a candidate against the records already stored under the same key.
     *
     * @param candidate a record whose signature has already been verified
     * @param existing the live records under the same key (the candidate's predecessor included)
     */
    Verdict validate(SignedRecord candidate, List<SignedRecord> existing);

    /**
     * The records an accepted record takes down under the same key, e.g. an acknowledgement by a
     * mailbox's owner removes the items it names. Called after {@code accepted} is stored; the
     * validator has already checked that its owner may do this. None by default.
     */
    default List<SlotRef> retractions(SignedRecord accepted) {
        return List.of();
    }

    /** Longest lifetime this type may ask for; 30 days unless a type allows more. */
    default Duration maxTtl() {
        return Duration.ofDays(30);
    }

    /**
     * Byte limits of this type at storing nodes (largest record, most bytes per key, share of the
     * store); {@link TypeLimits#DEFAULT} unless a type needs tighter ones, e.g. one small record
     * per key.
     */
    default TypeLimits limits() {
        return TypeLimits.DEFAULT;
    }

    /** One (owner, slot) of a key: the place of one record. Arrays are not copied. */
    record SlotRef(byte[] owner, byte[] slot) {}

    /** The outcome of a validation. */
    record Verdict(boolean accepted, String reason) {
        /** Accepts the record. */
        public static final Verdict ACCEPT = new Verdict(true, "");

        /** Refuses the record for a reason a person can read. */
        public static Verdict reject(String reason) {
            return new Verdict(false, reason);
        }
    }
}
