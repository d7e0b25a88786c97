package io.confchat.chat.internal.group;

import io.confchat.api.chat.GroupId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Groups this user is in but does not hold on this login (docs/architecture.md, "Control items"): a
 * hand-over named a membership record, read from the DHT and signed by its signer, that names this
 * user and the hand-over's sender, while the group's state is not here because the user's key
 * backup of it could not be read at login (the read failed, or the storing nodes withheld it).
 * Such a hand-over is kept in the inbox (it comes again), and the backups of these groups are read
 * again before each inbox check ({@link GroupChat#restoreUnheld}) until the group is held. At most
 * {@value #MAX} groups are remembered; past that a new one is not (its hand-over is still kept).
 * Thread-safe.
 */
final class UnheldGroups {
    static final int MAX = 64;

    private final Map<GroupId, SignedGroupState> named = new LinkedHashMap<>();

    /** The record of {@code epoch} with {@code hash} verified before for this group, if any. */
    synchronized Optional<SignedGroupState> verified(GroupId id, long epoch, byte[] hash) {
        return Optional.ofNullable(named.get(id))
                .filter(r -> r.state().epoch() == epoch && Arrays.equals(r.hash(), hash));
    }

    /** Remembers that {@code record} (verified) shows this user in the group; the newest epoch stays. */
    synchronized void add(GroupId id, SignedGroupState record) {
        SignedGroupState known = named.get(id);
        if (known == null && named.size() >= MAX) {
            return;
        }
        if (known == null || known.state().epoch() < record.state().epoch()) {
            named.put(id, record);
        }
    }

    /** The groups still not held ({@code held} says which are), forgetting those held since. */
    synchronized List<GroupId> stillUnheld(Predicate<GroupId> held) {
        named.keySet().removeIf(held);
        return new ArrayList<>(named.keySet());
    }
}
