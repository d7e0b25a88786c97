package io.confchat.chat.internal.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.confchat.chat.internal.proto.GroupEntry;
import io.confchat.chat.internal.proto.GroupStanding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The group chats of a chat list: how two writers' versions merge, and the bounds of the list. */
class GroupEntriesTest {
    private static final long DAY = Duration.ofDays(1).toMillis();

    @Test
    void aLaterStandingWins_inEitherOrder_soAReplayedVersionCannotBringBackAGroupLeft() {
        GroupEntry joined = entry(1, GroupStanding.GROUP_JOINED, 100).toBuilder()
                .setLastActivityMillis(150)
                .setUnread(3)
                .build();
        GroupEntry left = entry(1, GroupStanding.GROUP_LEFT, 200);

        assertThat(GroupEntries.merge(joined, left).getStanding()).isEqualTo(GroupStanding.GROUP_LEFT);
        assertThat(GroupEntries.merge(left, joined)).isEqualTo(GroupEntries.merge(joined, left));
        GroupEntry invitedAgain = entry(1, GroupStanding.GROUP_INVITED, 300);
        assertThat(GroupEntries.merge(left, invitedAgain).getStanding())
                .as("invited again after leaving")
                .isEqualTo(GroupStanding.GROUP_INVITED);
        assertThat(GroupEntries.merge(entry(1, GroupStanding.GROUP_JOINED, 200), left)
                        .getStanding())
                .as("the same instant: left")
                .isEqualTo(GroupStanding.GROUP_LEFT);
    }

    @Test
    void unreadCounts_areVoidedByALaterReading_andKeptOtherwise() {
        GroupEntry unread = entry(1, GroupStanding.GROUP_JOINED, 0).toBuilder()
                .setLastActivityMillis(100)
                .setUnread(4)
                .build();
        GroupEntry readLater = entry(1, GroupStanding.GROUP_JOINED, 0).toBuilder()
                .setLastReadMillis(200)
                .build();
        GroupEntry newerUnread =
                unread.toBuilder().setLastActivityMillis(300).setUnread(1).build();

        assertThat(GroupEntries.merge(unread, readLater).getUnread()).isZero();
        assertThat(GroupEntries.merge(readLater, newerUnread).getUnread()).isEqualTo(1);
        assertThat(GroupEntries.merge(unread, unread.toBuilder().setUnread(6).build())
                        .getUnread())
                .isEqualTo(6);
    }

    @Test
    void merge_isCommutativeAssociativeAndIdempotent() {
        Random random = new Random(5);
        for (int round = 0; round < 500; round++) {
            GroupEntry a = randomEntry(random);
            GroupEntry b = randomEntry(random);
            GroupEntry c = randomEntry(random);
            assertThat(GroupEntries.merge(a, b)).isEqualTo(GroupEntries.merge(b, a));
            assertThat(GroupEntries.merge(a, a)).isEqualTo(a);
            assertThat(GroupEntries.merge(GroupEntries.merge(a, b), c).getStanding())
                    .isEqualTo(GroupEntries.merge(a, GroupEntries.merge(b, c)).getStanding());
        }
    }

    @Test
    void bounded_dropsOldTombstonesFirst_thenLeftOnes_thenTheLeastActive() {
        long now = 400 * DAY;
        Map<String, GroupEntry> entries = new LinkedHashMap<>();
        GroupEntry forgotten = entry(0, GroupStanding.GROUP_LEFT, now - 366 * DAY);
        entries.put(key(forgotten), forgotten);
        for (int i = 1; i <= GroupEntries.MAX_ENTRIES + 2; i++) {
            GroupEntry e = i <= 2
                    ? entry(i, GroupStanding.GROUP_LEFT, now - DAY)
                    : entry(i, GroupStanding.GROUP_JOINED, 0).toBuilder()
                            .setLastActivityMillis(i)
                            .build();
            entries.put(key(e), e);
        }

        Map<String, GroupEntry> kept = GroupEntries.bounded(entries, now);

        assertThat(kept).hasSize(GroupEntries.MAX_ENTRIES).doesNotContainKey(key(forgotten));
        assertThat(kept.values()).noneMatch(GroupEntries::isLeft);
        assertThat(GroupEntries.bounded(Map.of(key(forgotten), forgotten), now - 300 * DAY))
                .as("a tombstone younger than a year stays")
                .hasSize(1);
    }

    @Test
    void valid_skipsEntriesThatAreNoGroup() {
        List<GroupEntry> decoded = new ArrayList<>();
        GroupEntry good = entry(1, GroupStanding.GROUP_JOINED, 1);
        decoded.add(good);
        decoded.add(
                good.toBuilder().setGroupId(ByteString.copyFrom(new byte[31])).build());
        decoded.add(
                entry(2, GroupStanding.GROUP_JOINED, 1).toBuilder().setName("").build());
        decoded.add(entry(3, GroupStanding.GROUP_JOINED, 1).toBuilder()
                .setName("x".repeat(65))
                .build());
        decoded.add(entry(4, GroupStanding.GROUP_STANDING_UNSPECIFIED, 1));

        assertThat(GroupEntries.valid(decoded)).containsOnlyKeys(key(good));
    }

    private static GroupEntry randomEntry(Random random) {
        GroupStanding[] standings = {GroupStanding.GROUP_INVITED, GroupStanding.GROUP_JOINED, GroupStanding.GROUP_LEFT};
        return entry(1, standings[random.nextInt(3)], random.nextInt(4)).toBuilder()
                .setName("n" + random.nextInt(3))
                .setLastActivityMillis(random.nextInt(4))
                .setLastReadMillis(random.nextInt(4))
                .setUnread(random.nextInt(4))
                .build();
    }

    private static GroupEntry entry(int id, GroupStanding standing, long at) {
        byte[] gid = new byte[32];
        gid[0] = (byte) id;
        gid[1] = (byte) (id >> 8);
        return GroupEntry.newBuilder()
                .setGroupId(ByteString.copyFrom(gid))
                .setName("g" + id)
                .setStanding(standing)
                .setStandingAtMillis(at)
                .build();
    }

    private static String key(GroupEntry e) {
        return GroupEntries.keyOf(e.getGroupId().toByteArray());
    }
}
