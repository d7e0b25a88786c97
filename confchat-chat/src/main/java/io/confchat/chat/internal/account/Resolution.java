package io.confchat.chat.internal.account;

import java.util.List;
import java.util.Optional;

/**
 * Who owns a username, as the name's replicas say ({@link NameResolver}): one of four outcomes.
 *
 * <ul>
 *   <li>{@link Status#OWNED}: an owner has the most votes, and enough of them; {@code others}
 *       names every other owner some replica returned (a conflict: a registration race across a
 *       partition, or a hostile node serving a record of its own). Never a silent choice.
 *   <li>{@link Status#NOT_REGISTERED}: replicas answered and none holds a record of the name.
 *   <li>{@link Status#UNCONFIRMED}: the name could not be confirmed now: no replica answered, or
 *       the leading owner has too few votes (replicas that timed out or have no copy yet, or one
 *       hostile node claiming the name alone). Worth trying again; never anyone's meanwhile.
 *   <li>{@link Status#TIED}: two owners share the most votes; a tie chooses nobody.
 * </ul>
 *
 * @param status which of the four
 * @param owner the chosen owner's keys; present exactly when {@code status} is OWNED
 * @param votes how many replicas returned the leading owner (each owner of a tie)
 * @param answered how many replicas answered the read (0 when the lookup failed)
 * @param others the other owners returned, with their votes, most first (every owner of a tie;
 *     the leading claimant too when UNCONFIRMED)
 */
public record Resolution(Status status, Optional<UserKeys> owner, int votes, int answered, List<Rival> others) {
    /** The outcome of a resolution. */
    public enum Status {
        OWNED,
        NOT_REGISTERED,
        UNCONFIRMED,
        TIED
    }

    public Resolution {
        others = List.copyOf(others);
        if (owner.isPresent() != (status == Status.OWNED)) {
            throw new IllegalArgumentException("an owner exactly when OWNED: " + status);
        }
    }

    /** An owner with enough votes. */
    static Resolution owned(UserKeys owner, int votes, int answered, List<Rival> others) {
        return new Resolution(Status.OWNED, Optional.of(owner), votes, answered, others);
    }

    /** Replicas answered, and none holds the name. */
    static Resolution notRegistered(int answered) {
        return new Resolution(Status.NOT_REGISTERED, Optional.empty(), 0, answered, List.of());
    }

    /** Too few replicas answered, or vouch for the leading claimant ({@code claimants}, most first). */
    static Resolution unconfirmed(int votes, int answered, List<Rival> claimants) {
        return new Resolution(Status.UNCONFIRMED, Optional.empty(), votes, answered, claimants);
    }

    /** Two or more owners share the most votes. */
    static Resolution tied(int votes, int answered, List<Rival> owners) {
        return new Resolution(Status.TIED, Optional.empty(), votes, answered, owners);
    }

    /** True when some replica returned an owner other than the one chosen (or a tie). */
    public boolean isContested() {
        return status == Status.OWNED ? !others.isEmpty() : status == Status.TIED;
    }

    /** True when two owners share the most votes, so none is chosen. */
    public boolean isTied() {
        return status == Status.TIED;
    }

    /** True when who owns the name could not be confirmed now: worth asking again later. */
    public boolean isUnconfirmed() {
        return status == Status.UNCONFIRMED;
    }

    /** How many votes an owner needs, with this many replicas answering. */
    public int votesNeeded() {
        return Math.min(NameResolver.QUORUM, answered);
    }

    /** True when {@code identityKey} is that of an owner some replica returned, chosen or not. */
    public boolean isClaimant(byte[] identityKey) {
        return owner.filter(o -> o.hasIdentity(identityKey)).isPresent()
                || others.stream().anyMatch(o -> o.keys().hasIdentity(identityKey));
    }

    /** An owner that fewer replicas returned. */
    public record Rival(UserKeys keys, int votes) {}
}
