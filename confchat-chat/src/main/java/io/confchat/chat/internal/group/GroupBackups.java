package io.confchat.chat.internal.group;

import io.confchat.api.chat.GroupId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the user's key backup of each held group current in the DHT ({@link BackupStore}), for
 * the user's other devices (docs/architecture.md#group-chats-on-any-node), written when it changes
 * <b>materially</b>, not on every message:
 *
 * <ul>
 *   <li>at once when the membership epoch, the standing, the sending chain or the set of chains read
 *       changed, a chain read moved {@value #POSITION_STEP} iterations (a page) or more past
 *       its backed-up position, or a former member's late chain was read;
 *   <li>smaller moves wait for {@link #flush} (at logout), so a login elsewhere after a logout
 *       starts exactly where this one stopped, and one after a crash at most a page behind (what it
 *       fetches again is recognised by the saved history);
 *   <li>a group left or lost is overwritten by a tombstone (its keys leave the DHT's current copy).
 * </ul>
 *
 * Writes of one group run one at a time, and a write waiting for its turn is replaced by a newer
 * one. A write that failed is tried again at the first change after a pause ({@link #RETRY_AFTER},
 * doubling while writes keep failing, at most {@link #RETRY_AT_MOST}), or at {@link #flush}.
 * Thread-safe; {@link #note} is called with the group code's lock held.
 */
final class GroupBackups {
    /** How far a chain read may move before its new position is backed up at once. */
    static final int POSITION_STEP = GroupRecords.PAGE_SIZE;

    /**
     * After a group's write failed, its next write waits at least this long, doubling with each
     * failure in a row up to {@link #RETRY_AT_MOST}: a write every node refuses (or a network that
     * stores nothing) is not tried again at every message of a busy group.
     */
    static final java.time.Duration RETRY_AFTER = RetryPause.FIRST;

    /** The longest pause between two writes of a group whose writes keep failing. */
    static final java.time.Duration RETRY_AT_MOST = RetryPause.LONGEST;

    /** A backup older than this is written again at login (records live a year). */
    static final java.time.Duration REFRESH_AFTER = java.time.Duration.ofDays(90);

    private final BackupStore store;
    private final java.util.function.LongSupplier now;
    private final Map<GroupId, Summary> written = new ConcurrentHashMap<>();
    private final Set<GroupId> behind = ConcurrentHashMap.newKeySet();
    private final Map<GroupId, byte[]> waiting = new ConcurrentHashMap<>();
    private final Map<GroupId, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    private final Map<GroupId, RetryPause> failing = new ConcurrentHashMap<>();

    /** @param now milliseconds of the login's clock */
    GroupBackups(BackupStore store, java.util.function.LongSupplier now) {
        this.store = store;
        this.now = now;
    }

    /**
     * What decides whether a backup is out of date; {@code lateChainsRead}: the ids of the late
     * chains read of former members whose window was open at the summary's time.
     */
    record Summary(
            long epoch,
            HeldGroup.Standing standing,
            String sendingChain,
            int sendingIteration,
            Map<String, Integer> positions,
            Set<String> lateChainsRead) {
        static Summary of(HeldGroup g, long nowMillis) {
            return new Summary(
                    g.keys().state().epoch(),
                    g.standing(),
                    g.keys().sendingChainId().map(GroupBackups::hex).orElse(""),
                    g.keys().sendingNextIteration(),
                    g.keys().kept().positions(),
                    lateChainsRead(g.keys().formerMembers(), nowMillis));
        }

        static Summary of(GroupBackupCodec.Backup b, long nowMillis) {
            Map<String, Integer> positions = new HashMap<>();
            b.chains()
                    .forEach(c ->
                            positions.put(hex(c.chain().chainId()), c.chain().iteration()));
            return new Summary(
                    b.head().state().epoch(),
                    b.standing(),
                    b.sendingChainId().map(GroupBackups::hex).orElse(""),
                    b.sendingChainNextIteration(),
                    positions,
                    lateChainsRead(b.formers(), nowMillis));
        }

        private static Set<String> lateChainsRead(List<FormerMembers.Former> formers, long nowMillis) {
            Set<String> read = new HashSet<>();
            formers.stream()
                    .filter(f -> f.lateUntilMillis() >= nowMillis)
                    .forEach(f -> f.lateChainsRead().forEach(id -> read.add(hex(id))));
            return read;
        }

        /**
         * A late chain read since counts (a restored device must not read it, or one more than
         * {@link FormerMembers#LATE_CHAINS}, again); a window closing does not.
         */
        boolean materiallyAfter(Summary before) {
            return epoch != before.epoch
                    || standing != before.standing
                    || !sendingChain.equals(before.sendingChain)
                    || !positions.keySet().equals(before.positions.keySet())
                    || positions.entrySet().stream()
                            .anyMatch(e -> e.getValue() >= before.positions.get(e.getKey()) + POSITION_STEP)
                    || !before.lateChainsRead.containsAll(lateChainsRead);
        }
    }

    /**
     * What the DHT holds for {@code id} (read at login), so that only changes after it are written;
     * a backup written more than {@link #REFRESH_AFTER} ago is not taken as known (the next {@link
     * #note} writes it again).
     */
    void known(GroupId id, GroupBackupCodec.Backup b) {
        if (now.getAsLong() - b.writtenAtMillis() <= REFRESH_AFTER.toMillis()) {
            written.put(id, Summary.of(b, now.getAsLong()));
        }
    }

    /** A held group changed (call with the group code's lock held): writes it if materially. */
    void note(HeldGroup g) {
        Summary current = Summary.of(g, now.getAsLong());
        Summary before = written.get(g.id());
        if ((before == null || current.materiallyAfter(before)) && !pausing(g.id())) {
            written.put(g.id(), current);
            behind.remove(g.id());
            write(g.id(), GroupBackupCodec.encode(g, now.getAsLong()));
        } else if (!current.equals(before)) {
            behind.add(g.id()); // a small move, or a change while a failed write pauses
        }
    }

    /**
     * One chain of a held group moved to {@code iteration} (a message sealed or opened; call with
     * the group code's lock held): O(1) unless it moved a page past its backed-up position, when
     * the whole group is {@link #note}d. The sending chain's position is backed up only with
     * another change or at {@link #flush} (a restoring device reads that chain's end from the DHT).
     */
    void moved(HeldGroup g, byte[] chainId, int iteration) {
        Summary before = written.get(g.id());
        Integer backedUp = before == null ? null : before.positions().get(hex(chainId));
        if (before == null || (backedUp != null && iteration >= backedUp + POSITION_STEP)) {
            note(g);
        } else if (backedUp != null ? iteration != backedUp : iteration != before.sendingIteration()) {
            behind.add(g.id()); // a chain read, or the sending chain, moved a little
        }
    }

    /** The user left or lost group {@code id}: its backup becomes a tombstone. */
    void forget(GroupId id) {
        written.remove(id);
        behind.remove(id);
        write(id, GroupBackupCodec.left(id.toBytes()));
    }

    /**
     * Writes the groups whose positions moved less than a step since their backup, or whose last
     * write failed or waits for its pause to end, and completes
     * when every write started so far is done (failed ones included).
     *
     * @param held the groups held now
     * @param lock the group code's lock, held while a group is encoded
     */
    CompletableFuture<Void> flush(Collection<HeldGroup> held, Object lock) {
        for (HeldGroup g : held) {
            if (behind.remove(g.id())) {
                synchronized (lock) {
                    written.put(g.id(), Summary.of(g, now.getAsLong()));
                    write(g.id(), GroupBackupCodec.encode(g, now.getAsLong()));
                }
            }
        }
        List<CompletableFuture<Void>> all = new ArrayList<>(tails.values());
        return CompletableFuture.allOf(
                all.stream().map(f -> f.handle((x, e) -> null)).toArray(CompletableFuture[]::new));
    }

    private void write(GroupId id, byte[] backup) {
        if (waiting.put(id, backup) != null) {
            return; // a write waiting for its turn takes the newest backup
        }
        tails.compute(
                id,
                (k, tail) -> (tail == null ? CompletableFuture.<Void>completedFuture(null) : tail)
                        .handle((x, e) -> null)
                        .thenCompose(x -> writeWaiting(id)));
    }

    private CompletableFuture<Void> writeWaiting(GroupId id) {
        byte[] backup = waiting.remove(id);
        if (backup == null) {
            return CompletableFuture.completedFuture(null);
        }
        return store.write(hex(id.toBytes()), backup).whenComplete((x, e) -> {
            if (e != null) {
                written.remove(id); // the first change after the pause writes it again, or the logout
                behind.add(id);
                failing.merge(id, RetryPause.first(now.getAsLong()), (was, first) -> was.next(now.getAsLong()));
            } else {
                failing.remove(id);
            }
        });
    }

    /** Whether {@code id}'s last write failed less than its pause ago (see {@link #RETRY_AFTER}). */
    private boolean pausing(GroupId id) {
        RetryPause r = failing.get(id);
        return r != null && !r.isOver(now.getAsLong());
    }

    /** The backup of {@code id} as the DHT holds it; empty if none (or a tombstone, or unreadable). */
    CompletableFuture<Optional<GroupBackupCodec.Backup>> read(GroupId id) {
        return store.read(hex(id.toBytes()))
                .thenApply(stored -> stored.flatMap(s -> GroupBackupCodec.decode(s, id.toBytes())));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
