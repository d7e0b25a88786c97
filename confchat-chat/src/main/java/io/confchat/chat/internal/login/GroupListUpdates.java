package io.confchat.chat.internal.login;

import com.google.protobuf.ByteString;
import io.confchat.api.chat.GroupId;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.history.ChatListStore;
import io.confchat.chat.internal.history.GroupEntries;
import io.confchat.chat.internal.proto.GroupEntry;
import io.confchat.chat.internal.proto.GroupStanding;
import io.confchat.dht.time.Scheduler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One login's updates of the group chats in the user's chat list (docs/architecture.md#group-chats-on-any-node):
 * standing, last activity, unread count. A change of standing or a reading is written at once;
 * message activity is gathered for {@link #BATCH} and written as one update, so a busy group costs
 * one chat list write per batch, not one per message. {@link #view} shows the list with what waits.
 * A failed write is kept by the store and goes out with the next one. Thread-safe.
 */
final class GroupListUpdates {
    private static final Logger log = LoggerFactory.getLogger(GroupListUpdates.class);
    /**
     * How long message activity is gathered before it is written: each member of a busy group
     * writes its chat list once per batch (at 2 s, those writes were a fifth of the datagrams of a
     * 100-member group's messages); a crash loses at most one batch of unread counts.
     */
    static final Duration BATCH = Duration.ofSeconds(30);

    private final ChatListStore store;
    private final Account me;
    private final Scheduler clock;
    private final Map<String, Change> waiting = new LinkedHashMap<>();
    private Scheduler.Cancellable timer;
    private boolean stopped;
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

    GroupListUpdates(ChatListStore store, Account me, Scheduler clock) {
        this.store = store;
        this.me = me;
        this.clock = clock;
    }

    /**
     * What waits to be written for one group: its name ("" when not known: a group gets its entry
     * with its standing, which names it), activity, unread messages received after the reading (if
     * any), and a standing.
     */
    private record Change(
            byte[] groupId,
            String name,
            long activity,
            int unread,
            long readAt,
            GroupStanding standing,
            long standingAt) {
        Change then(Change next) {
            boolean read = next.readAt > 0;
            return new Change(
                    groupId,
                    next.name.isEmpty() ? name : next.name,
                    Math.max(activity, next.activity),
                    (read ? 0 : unread) + next.unread,
                    Math.max(readAt, next.readAt),
                    next.standing != GroupStanding.GROUP_STANDING_UNSPECIFIED ? next.standing : standing,
                    next.standing != GroupStanding.GROUP_STANDING_UNSPECIFIED ? next.standingAt : standingAt);
        }

        /** The entry after this change; null for a group not listed yet whose name is not known. */
        GroupEntry applyTo(GroupEntry before) {
            if (before == null && (name.isEmpty() || standing == GroupStanding.GROUP_STANDING_UNSPECIFIED)) {
                return null;
            }
            GroupEntry.Builder b = before == null
                    ? GroupEntry.newBuilder().setGroupId(ByteString.copyFrom(groupId))
                    : before.toBuilder();
            if (!name.isEmpty()) {
                b.setName(name);
            }
            b.setLastActivityMillis(Math.max(b.getLastActivityMillis(), activity));
            if (readAt > 0) {
                b.setUnread(0).setLastReadMillis(Math.max(b.getLastReadMillis(), readAt));
            }
            b.setUnread(b.getUnread() + unread);
            if (standing != GroupStanding.GROUP_STANDING_UNSPECIFIED && standingAt >= b.getStandingAtMillis()) {
                b.setStanding(standing).setStandingAtMillis(standingAt);
            }
            return b.build();
        }
    }

    /** The user's standing in a group changed (created, invited, joined, left, removed): written now. */
    CompletableFuture<Void> standing(GroupId id, String name, GroupStanding standing) {
        long now = clock.now().toEpochMilli();
        add(new Change(id.toBytes(), name, now, 0, 0, standing, now));
        return flush();
    }

    /** A message of the group was shown or sent; {@code unread} when no conversation of it is open. */
    void activity(GroupId id, boolean unread) {
        add(new Change(
                id.toBytes(),
                "",
                clock.now().toEpochMilli(),
                unread ? 1 : 0,
                0,
                GroupStanding.GROUP_STANDING_UNSPECIFIED,
                0));
        synchronized (this) {
            if (timer == null && !stopped) {
                timer = clock.schedule(BATCH, this::flush);
            }
        }
    }

    /** The user opened the group's conversation: its messages are read; written now. */
    CompletableFuture<Void> opened(GroupId id) {
        long now = clock.now().toEpochMilli();
        add(new Change(id.toBytes(), "", 0, 0, now, GroupStanding.GROUP_STANDING_UNSPECIFIED, 0));
        return flush();
    }

    private synchronized void add(Change c) {
        waiting.merge(GroupEntries.keyOf(c.groupId()), c, Change::then);
    }

    /** {@code stored} (the chat list's group entries) with what waits to be written applied. */
    synchronized Map<String, GroupEntry> view(Map<String, GroupEntry> stored) {
        Map<String, GroupEntry> out = new LinkedHashMap<>(stored);
        waiting.forEach((key, c) -> put(out, key, c.applyTo(out.get(key))));
        return out;
    }

    private static void put(Map<String, GroupEntry> entries, String key, GroupEntry entry) {
        if (entry != null) {
            entries.put(key, entry);
        }
    }

    /**
     * Stops the batch timer (the login ends): what waits is written by {@link #flush} at logout, and
     * lost with the process at a crash (the next login counts from the list as written).
     */
    synchronized void stop() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        stopped = true;
    }

    /** Writes what waits; completes when written (or the write failed: the store keeps it for the next). */
    synchronized CompletableFuture<Void> flush() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        if (waiting.isEmpty()) {
            return last;
        }
        Map<String, Change> taken = new LinkedHashMap<>(waiting);
        waiting.clear();
        last = store.updateGroups(me, entries -> {
                    taken.forEach((key, c) -> put(entries, key, c.applyTo(entries.get(key))));
                    return entries;
                })
                .handle((x, error) -> {
                    if (error != null) {
                        log.debug("group chats of the chat list not written: {}", error.toString());
                    }
                    return null;
                });
        return last;
    }
}
