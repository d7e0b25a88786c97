package io.confchat.chat.internal.history;

import io.confchat.chat.internal.proto.ChatEntry;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Merges versions of the chat list written by different writers (two devices of one user at
 * once, or one whose write reached only some replicas): every peer of either version, and for a
 * peer of both, the later pin, the later activity and reading, and the larger unread count among
 * those not voided by the later reading. Commutative and idempotent, so versions can be merged
 * in any order and again.
 */
final class ChatListMerge {
    private ChatListMerge() {}

    /** All versions merged into one list. */
    static Map<String, ChatEntry> merge(Collection<Map<String, ChatEntry>> versions) {
        Map<String, ChatEntry> out = new LinkedHashMap<>();
        for (Map<String, ChatEntry> version : versions) {
            version.forEach((peer, entry) -> out.merge(peer, entry, ChatListMerge::merge));
        }
        return out;
    }

    static ChatEntry merge(ChatEntry a, ChatEntry b) {
        if (a.equals(b)) {
            return a;
        }
        ChatEntry pin = laterPin(a, b);
        long read = Math.max(a.getLastReadMillis(), b.getLastReadMillis());
        return ChatEntry.newBuilder()
                .setPeer(a.getPeer())
                .setPinnedIdentityKey(pin.getPinnedIdentityKey())
                .setPinnedAtMillis(pin.getPinnedAtMillis())
                .setLastActivityMillis(Math.max(a.getLastActivityMillis(), b.getLastActivityMillis()))
                .setLastReadMillis(read)
                .setUnread(Math.max(unreadAfter(a, read), unreadAfter(b, read)))
                .build();
    }

    private static ChatEntry laterPin(ChatEntry a, ChatEntry b) {
        int byTime = Long.compare(a.getPinnedAtMillis(), b.getPinnedAtMillis());
        if (byTime != 0) {
            return byTime > 0 ? a : b;
        }
        byte[] ka = a.getPinnedIdentityKey().toByteArray();
        byte[] kb = b.getPinnedIdentityKey().toByteArray();
        return Arrays.compareUnsigned(ka, kb) <= 0 ? a : b; // same instant: any rule every device shares
    }

    /** The entry's unread count, unless the chat was read after the entry's last activity. */
    private static int unreadAfter(ChatEntry e, long read) {
        return e.getLastActivityMillis() >= read ? e.getUnread() : 0;
    }
}
