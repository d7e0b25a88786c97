package io.confchat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confchat.api.chat.GroupChange;
import io.confchat.api.chat.GroupId;
import io.confchat.api.chat.GroupInfo;
import io.confchat.api.chat.GroupMember;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupRefsTest {
    private static final GroupInfo FRIENDS = group(0x11, "friends");
    private static final GroupInfo WORK = group(0x22, "Work");
    private static final GroupInfo WORK_TOO = group(0x33, "Work");
    private static final List<GroupInfo> GROUPS = List.of(FRIENDS, WORK, WORK_TOO);

    @Test
    void resolve_shouldFindAGroupByItsNameWithOrWithoutTheMark_andIgnoreCaseWhenNoExactMatch() {
        assertThat(GroupRefs.resolve(GROUPS, "#friends")).isEqualTo(FRIENDS);
        assertThat(GroupRefs.resolve(GROUPS, "friends")).isEqualTo(FRIENDS);
        assertThat(GroupRefs.resolve(GROUPS, " #FRIENDS ")).isEqualTo(FRIENDS);
    }

    @Test
    void resolve_shouldFindAGroupByTheFirstDigitsOfItsId() {
        assertThat(GroupRefs.resolve(GROUPS, "#33333333")).isEqualTo(WORK_TOO);
        assertThat(GroupRefs.resolve(GROUPS, "2222222222")).isEqualTo(WORK);
    }

    @Test
    void resolve_shouldSayWhatToTypeWhenANameIsTakenTwice() {
        assertThatThrownBy(() -> GroupRefs.resolve(GROUPS, "#Work"))
                .isInstanceOf(CliFailure.class)
                .hasMessageContaining("2 of your groups are named #Work")
                .hasMessageContaining("22222222, 33333333");
    }

    @Test
    void resolve_shouldRefuseUnknownEmptyAndTooShortIds() {
        assertThatThrownBy(() -> GroupRefs.resolve(GROUPS, "#family")).hasMessageContaining("no group #family");
        assertThatThrownBy(() -> GroupRefs.resolve(GROUPS, "#")).hasMessageContaining("which group?");
        assertThatThrownBy(() -> GroupRefs.resolve(GROUPS, "1111")).hasMessageContaining("no group #1111");
    }

    @Test
    void describe_shouldNameWhoAddedRemovedAndLeft() {
        assertThat(GroupRefs.describe(new GroupChange(FRIENDS, "alice", List.of("dave"), List.of())))
                .isEqualTo("alice added dave");
        assertThat(GroupRefs.describe(new GroupChange(FRIENDS, "alice", List.of(), List.of("bob"))))
                .isEqualTo("alice removed bob");
        assertThat(GroupRefs.describe(new GroupChange(FRIENDS, "carol", List.of(), List.of("carol"))))
                .isEqualTo("carol left");
    }

    @Test
    void json_shouldCarryIdNameEpochAndMembers() {
        assertThat(GroupRefs.json(FRIENDS))
                .containsEntry("id", FRIENDS.id().toString())
                .containsEntry("name", "friends")
                .containsEntry("epoch", 0L)
                .containsEntry("joined", true);
        assertThat(GroupRefs.members(FRIENDS)).isEqualTo("alice (admin), bob");
    }

    private static GroupInfo group(int fill, String name) {
        byte[] id = new byte[GroupId.BYTES];
        Arrays.fill(id, (byte) fill);
        return new GroupInfo(
                GroupId.of(id), name, 0, List.of(new GroupMember("alice", true), new GroupMember("bob", false)), true);
    }
}
