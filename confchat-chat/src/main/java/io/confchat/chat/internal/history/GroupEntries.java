package io.confchat.chat.internal.history;

import io.confchat.chat.internal.proto.GroupEntry;
import io.confchat.chat.internal.proto.GroupStanding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The group chats of a chat list (docs/architecture.md#group-chats-on-any-node): entries by the hex
 * of their group id, merged across writers and kept within bounds. Stateless.
 *
 * <p>Merge: the later standing wins (by {@code standing_at_millis}; at the same instant LEFT over
 * JOINED over INVITED), so a group left stays left whatever older version a replica serves (a
 * replayed list cannot bring it back); the later activity and reading; the larger unread count
 * of activity after the last reading. Commutative and idempotent, like {@link ChatListMerge}.
 *
 * <p>Bounds: at most {@value #MAX_ENTRIES} entries (about 120 bytes each); an entry left more than
 * {@link #FORGET_LEFT_AFTER} ago is dropped (the list record lives a year), then the oldest
 * left entries, then the entries of least recent activity. Entries that do not decode as a group
 * (an id of another length, a name of 0 or more than 64 characters, no standing) are skipped.
 */
public final class GroupEntries {
    /** Most group entries one chat list keeps. */
    public static final int MAX_ENTRIES = 128;
    /** How long a left group's entry (its tombstone) is kept. */
    static final Duration FORGET_LEFT_AFTER = Duration.ofDays(365);

    private static final int ID_BYTES = 32;
    private static final int MAX_NAME_CHARS = 64;

    private GroupEntries() {}

    /** The key of a group's entry: the hex of its id. */
    public static String keyOf(byte[] groupId) {
        return HexFormat.of().formatHex(groupId);
    }

    /** The entries of a decoded list that are well formed, by key; at most {@value #MAX_ENTRIES}. */
    static Map<String, GroupEntry> valid(Collection<GroupEntry> decoded) {
        Map<String, GroupEntry> out = new LinkedHashMap<>();
        for (GroupEntry e : decoded) {
            if (out.size() < MAX_ENTRIES && wellFormed(e)) {
                out.merge(keyOf(e.getGroupId().toByteArray()), e, GroupEntries::merge);
            }
        }
        return out;
    }

    private static boolean wellFormed(GroupEntry e) {
        int chars = e.getName().codePointCount(0, e.getName().length());
        return e.getGroupId().size() == ID_BYTES
                && chars >= 1
                && chars <= MAX_NAME_CHARS
                && (e.getStanding() == GroupStanding.GROUP_INVITED
                        || e.getStanding() == GroupStanding.GROUP_JOINED
                        || e.getStanding() == GroupStanding.GROUP_LEFT);
    }

    /** All versions merged into one map. */
    static Map<String, GroupEntry> merge(Collection<Map<String, GroupEntry>> versions) {
        Map<String, GroupEntry> out = new LinkedHashMap<>();
        for (Map<String, GroupEntry> version : versions) {
            version.forEach((id, entry) -> out.merge(id, entry, GroupEntries::merge));
        }
        return out;
    }

    static GroupEntry merge(GroupEntry a, GroupEntry b) {
        if (a.equals(b)) {
            return a;
        }
        GroupEntry standing = laterStanding(a, b);
        long read = Math.max(a.getLastReadMillis(), b.getLastReadMillis());
        return GroupEntry.newBuilder()
                .setGroupId(a.getGroupId())
                .setName(standing.getName())
                .setStanding(standing.getStanding())
                .setStandingAtMillis(standing.getStandingAtMillis())
                .setLastActivityMillis(Math.max(a.getLastActivityMillis(), b.getLastActivityMillis()))
                .setLastReadMillis(read)
                .setUnread(Math.max(unreadAfter(a, read), unreadAfter(b, read)))
                .build();
    }

    private static GroupEntry laterStanding(GroupEntry a, GroupEntry b) {
        int byTime = Long.compare(a.getStandingAtMillis(), b.getStandingAtMillis());
        if (byTime != 0) {
            return byTime > 0 ? a : b;
        }
        int byStanding = Integer.compare(a.getStandingValue(), b.getStandingValue());
        if (byStanding != 0) {
            return byStanding > 0 ? a : b; // the same instant: LEFT over JOINED over INVITED
        }
        return a.getName().compareTo(b.getName()) <= 0 ? a : b; // any rule every device shares
    }

    private static int unreadAfter(GroupEntry e, long read) {
        return e.getLastActivityMillis() >= read ? e.getUnread() : 0;
    }

    /** {@code entries} within the bounds of the class comment, as of {@code nowMillis}. */
    static Map<String, GroupEntry> bounded(Map<String, GroupEntry> entries, long nowMillis) {
        long forgetBefore = nowMillis - FORGET_LEFT_AFTER.toMillis();
        List<Map.Entry<String, GroupEntry>> kept = new ArrayList<>(entries.entrySet().stream()
                .filter(e -> !(isLeft(e.getValue()) && e.getValue().getStandingAtMillis() < forgetBefore))
                .toList());
        if (kept.size() > MAX_ENTRIES) {
            // the least worth keeping first: left ones (oldest first), then the least recently active
            kept.sort(Comparator.comparing((Map.Entry<String, GroupEntry> e) -> !isLeft(e.getValue()))
                    .thenComparingLong(e -> isLeft(e.getValue())
                            ? e.getValue().getStandingAtMillis()
                            : e.getValue().getLastActivityMillis()));
            kept = kept.subList(kept.size() - MAX_ENTRIES, kept.size());
        }
        java.util.Set<String> keep = new java.util.HashSet<>();
        kept.forEach(e -> keep.add(e.getKey()));
        Map<String, GroupEntry> out = new LinkedHashMap<>(entries);
        out.keySet().retainAll(keep);
        return out;
    }

    /** True for a tombstone: the user left, declined or was removed. */
    public static boolean isLeft(GroupEntry e) {
        return e.getStanding() == GroupStanding.GROUP_LEFT;
    }
}
