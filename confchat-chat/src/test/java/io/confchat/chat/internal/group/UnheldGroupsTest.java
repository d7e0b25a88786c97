package io.confchat.chat.internal.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.GroupId;
import io.confchat.chat.internal.group.TestGroup.User;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The groups a hand-over showed the user is in but that are not held: their backups are read again
 * after 30 s, then after twice the wait before up to 16 min, never at every inbox check; a group
 * held since is forgotten; at most {@value UnheldGroups#MAX} are remembered.
 */
class UnheldGroupsTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final UnheldGroups unheld = new UnheldGroups(now::get);

    @Test
    void aGroupsBackup_isReadAgainAfterAWaitThatDoubles_upToSixteenMinutes() {
        GroupId id = group(1);
        unheld.add(id, record(1, 3));

        assertThat(unheld.due(x -> false)).as("at once").isEmpty();
        long[] waits = {30, 60, 120, 240, 480, 960, 960};
        for (long wait : waits) {
            now.addAndGet(wait * 1000 - 1);
            assertThat(unheld.due(x -> false)).as("a moment before %d s", wait).isEmpty();
            now.incrementAndGet();
            assertThat(unheld.due(x -> false)).as("after %d s", wait).containsExactly(id);
        }
    }

    @Test
    void aGroupHeldSince_isForgotten() {
        GroupId id = group(1);
        unheld.add(id, record(1, 3));
        now.addAndGet(30_000);

        assertThat(unheld.due(x -> x.equals(id))).isEmpty();
        assertThat(unheld.verified(id, 3, record(1, 3).hash())).isEmpty();
    }

    @Test
    void theNewestRecordOfAGroup_isTheOneVerified() {
        GroupId id = group(1);
        unheld.add(id, record(1, 3));
        unheld.add(id, record(1, 5));
        unheld.add(id, record(1, 4));

        assertThat(unheld.verified(id, 5, record(1, 5).hash())).isPresent();
        assertThat(unheld.verified(id, 4, record(1, 4).hash())).isEmpty();
    }

    @Test
    void atMostMaxGroups_areRemembered() {
        for (int i = 0; i < UnheldGroups.MAX + 5; i++) {
            unheld.add(group(i), record(i, 1));
        }
        now.addAndGet(30_000);

        List<GroupId> due = unheld.due(x -> false);
        assertThat(due).hasSize(UnheldGroups.MAX).doesNotContain(group(UnheldGroups.MAX));
    }

    private static GroupId group(int n) {
        return GroupId.of(GroupStates.groupId(User.named("alice").key(), nonce(n)));
    }

    private static byte[] nonce(int n) {
        return SenderKeyChainTest.filled(16, n);
    }

    /** A record of {@code epoch} of the group {@link #group}({@code n}). */
    private static SignedGroupState record(int n, long epoch) {
        List<GroupMember> members =
                List.of(User.named("alice").asMember(true), User.named("bob").asMember(false));
        byte[] alice = User.named("alice").key();
        GroupState s = new GroupState(
                group(n).toBytes(), alice, nonce(n), epoch, new byte[32], "team " + n, members, alice, 1L);
        return TestGroup.decode(GroupStates.sign(s, User.named("alice").keys()));
    }
}
