package io.confchat.chat.internal.account;

import java.util.List;
import java.util.Optional;

/**
 * Who owns a username, as the name's replicas say: the owner most of them return, and every other
 * owner some of them return (a conflict: a registration race across a partition, or a hostile
 * node serving a record of its own). Never a silent choice: a conflict is always named.
 *
 * @param owner the keys of the owner most replicas returned; empty when none returned any
 * @param votes how many replicas returned that owner
 * @param others the other owners returned, with their votes, most first
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

    /** An owner that fewer replicas returned. */
    public record Rival(UserKeys keys, int votes) {}
}
