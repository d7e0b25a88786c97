package io.confchat.chat.internal.group;

import io.confchat.api.chat.GroupId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Groups this user is in but does not hold on this login (docs/architecture.md, "Control items"): a
 * hand-over showed a membership record, signed by its signer and the newest the DHT holds, that
 * names this user and the hand-over's sender, while the group's state is not here because the
 * user's key backup of it could not be read at login (the read failed, or the storing nodes
 * withheld it). Such a hand-over is kept (it comes again from the inbox, or its sender puts it
 * there), and the backups of these groups are read again before inbox checks ({@link
 * GroupChat#restoreNotHeld}) until the group is held, after a {@link RetryPause} (30 s after it was
 * seen, then twice the pause before, up to 16 min). At most {@value #MAX}
 * groups are remembered; past that a new one is not (its hand-over is still kept). Thread-safe.
 */
final class UnheldGroups {
    static final int MAX = 64;

    private final LongSupplier nowMillis;
    private final Map<GroupId, Entry> named = new LinkedHashMap<>();

    /** A record that shows the user in the group, and when its backup is read next. */
    private record Entry(SignedGroupState record, RetryPause pause) {}

    UnheldGroups(LongSupplier nowMillis) {
        this.nowMillis = nowMillis;
    }

    /** The record of {@code epoch} with {@code hash} found before for this group, if any. */
    synchronized Optional<SignedGroupState> verified(GroupId id, long epoch, byte[] hash) {
        return Optional.ofNullable(named.get(id))
                .map(Entry::record)
                .filter(r -> r.state().epoch() == epoch && Arrays.equals(r.hash(), hash));
    }

    /** Remembers that {@code record} (verified) shows this user in the group; the newest epoch stays. */
    synchronized void add(GroupId id, SignedGroupState record) {
        Entry known = named.get(id);
        if (known == null && named.size() < MAX) {
            named.put(id, new Entry(record, RetryPause.first(nowMillis.getAsLong())));
        } else if (known != null
                && known.record().state().epoch() < record.state().epoch()) {
            named.put(id, new Entry(record, known.pause()));
        }
    }

    /**
     * The groups still not held ({@code held} says which are) whose backup is due to be read now,
     * each then due again after its next pause; those held since are forgotten.
     */
    synchronized List<GroupId> due(Predicate<GroupId> held) {
        named.keySet().removeIf(held);
        long now = nowMillis.getAsLong();
        List<GroupId> due = new ArrayList<>();
        named.replaceAll((id, e) -> {
            if (!e.pause().isOver(now)) {
                return e;
            }
            due.add(id);
            return new Entry(e.record(), e.pause().next(now));
        });
        return due;
    }
}
