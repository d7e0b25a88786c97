package io.confchat.chat.internal.account;

import java.util.List;
import java.util.Optional;

/**
 * Who owns a username, as the name's replicas say: the owner most of them return, and every other
 * owner some of them return (a conflict: a registration race across a partition, or a hostile
 * node serving a record of its own). Never a silent choice: a conflict is always named.
 *
 * @param owner the keys of the owner more replicas returned than any other; empty when none
 *     returned any, or when two owners share the most votes (a tie chooses nobody)
 * @param votes how many replicas returned that owner (or each owner of a tie)
 * @param others the other owners returned, with their votes, most first (every owner of a tie)
 */
public record Resolution(Optional<UserKeys> owner, int votes, List<Rival> others) {
    public Resolution {
        others = List.copyOf(others);
    }

    static Resolution unknown() {
        return new Resolution(Optional.empty(), 0, List.of());
    }

    /** True when some replica returned an owner other than the one chosen. */
    public boolean isContested() {
        return !others.isEmpty();
    }

    /** True when two owners share the most votes, so none is chosen. */
    public boolean isTied() {
        return owner.isEmpty() && isContested();
    }

    /** True when {@code identityKey} is that of an owner some replica returned, chosen or not. */
    public boolean isClaimant(byte[] identityKey) {
        return owner.filter(o -> o.hasIdentity(identityKey)).isPresent()
                || others.stream().anyMatch(o -> o.keys().hasIdentity(identityKey));
    }

    /** An owner that fewer replicas returned. */
    public record Rival(UserKeys keys, int votes) {}
}
