package io.confchat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parts of {@link GroupAction} that need no client: names, usage, and the lines of results. */
class GroupActionTest {
    @Test
    void named_shouldFindActionsIgnoringCase_andListThemOtherwise() {
        assertThat(GroupAction.named("Create")).isEqualTo(GroupAction.CREATE);
        assertThatThrownBy(() -> GroupAction.named("kick"))
                .isInstanceOf(CliFailure.class)
                .hasMessageContaining("no group action 'kick'")
                .hasMessageContaining("create, invite, join, leave, remove");
    }

    @Test
    void perform_shouldGiveTheUsage_forTheWrongNumberOfWords_beforeTouchingTheClient() {
        GroupAction.Context nothing = new GroupAction.Context(null, null, false);
        assertThatThrownBy(() -> GroupAction.INVITE.perform(nothing, List.of("#friends")))
                .hasMessage("usage: group invite GROUP USER");
        assertThatThrownBy(() -> GroupAction.CREATE.perform(nothing, List.of()))
                .hasMessage("usage: group create NAME USER...");
        assertThatThrownBy(() -> GroupAction.LIST.perform(nothing, List.of("extra")))
                .hasMessage("usage: group list");
    }

    @Test
    void deliveryLine_shouldSayWhoReceivedItLive_andWhereTheOthersGetIt() {
        Map<String, Object> some = Map.of("name", "friends", "members", Map.of("bob", "delivered", "carol", "queued"));
        assertThat(GroupAction.deliveryLine(some))
                .isEqualTo("sent to #friends: 1 of 2 members received it live; the others fetch it at their next"
                        + " login");
        Map<String, Object> all = Map.of("name", "friends", "members", Map.of("bob", "delivered"));
        assertThat(GroupAction.deliveryLine(all)).isEqualTo("sent to #friends: all 1 members received it");
    }

    @Test
    void lines_shouldListJoinedGroupsAndInvitations_fromTheirJsonForm() {
        Object result = List.of(
                Map.of(
                        "id",
                        "1".repeat(64),
                        "name",
                        "friends",
                        "joined",
                        true,
                        "members",
                        List.of(Map.of("username", "alice", "admin", true))),
                Map.of("id", "2".repeat(64), "name", "work", "joined", false, "members", List.of()));
        assertThat(GroupAction.LIST.lines(result))
                .containsExactly(
                        "#friends  1 members  (id 11111111)",
                        "#work  invitation: 'group join #work' accepts, 'group leave #work' declines  (id 22222222)");
        assertThat(GroupAction.LIST.lines(List.of())).singleElement().asString().contains("group create");
    }
}
