package io.confchat.chat.internal.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.confchat.chat.internal.proto.ChatEntry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Merging chat-list versions: any order, any repetition, the same list. */
class ChatListMergeTest {
    private static final ByteString OLD_KEY = ByteString.copyFrom(new byte[] {1, 2, 3});
    private static final ByteString NEW_KEY = ByteString.copyFrom(new byte[] {9, 9, 9});

    @Test
    void everyPeerOfEitherVersion_isKept() {
        Map<String, ChatEntry> a = Map.of("bob", entry("bob", OLD_KEY, 10, 100, 0, 0));
        Map<String, ChatEntry> b = Map.of("carol", entry("carol", NEW_KEY, 20, 200, 0, 0));

        assertThat(ChatListMerge.merge(List.of(a, b))).containsOnlyKeys("bob", "carol");
    }

    @Test
    void theLaterPin_theLaterActivity_andUnreadAfterTheLastReading_win() {
        ChatEntry phone = entry("bob", OLD_KEY, 10, 500, 4, 100); // 4 unread since reading at 100
        ChatEntry laptop = entry("bob", NEW_KEY, 30, 300, 0, 300); // accepted a new key at 30, read at 300

        ChatEntry merged = ChatListMerge.merge(phone, laptop);

        assertThat(merged.getPinnedIdentityKey()).isEqualTo(NEW_KEY);
        assertThat(merged.getPinnedAtMillis()).isEqualTo(30);
        assertThat(merged.getLastActivityMillis()).isEqualTo(500);
        assertThat(merged.getLastReadMillis()).isEqualTo(300);
        assertThat(merged.getUnread())
                .as("activity at 500 is after the reading at 300")
                .isEqualTo(4);

        ChatEntry readLater = entry("bob", OLD_KEY, 10, 600, 0, 600);
        assertThat(ChatListMerge.merge(merged, readLater).getUnread()).isZero();
    }

    @Test
    void mergingIsCommutative_andIdempotent() {
        ChatEntry a = entry("bob", OLD_KEY, 10, 500, 4, 100);
        ChatEntry b = entry("bob", NEW_KEY, 10, 300, 2, 300); // same pin time: a rule both sides share

        assertThat(ChatListMerge.merge(a, b)).isEqualTo(ChatListMerge.merge(b, a));
        ChatEntry ab = ChatListMerge.merge(a, b);
        assertThat(ChatListMerge.merge(ab, a)).isEqualTo(ab);
        assertThat(ChatListMerge.merge(ab, b)).isEqualTo(ab);
    }

    private static ChatEntry entry(String peer, ByteString key, long pinnedAt, long activity, int unread, long read) {
        return ChatEntry.newBuilder()
                .setPeer(peer)
                .setPinnedIdentityKey(key)
                .setPinnedAtMillis(pinnedAt)
                .setLastActivityMillis(activity)
                .setUnread(unread)
                .setLastReadMillis(read)
                .build();
    }
}
