package io.confchat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.GroupId;
import io.confchat.api.chat.GroupInfo;
import io.confchat.api.chat.GroupMember;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Members leaving a group, end to end on the simulated network: a member removed while another was
 * offline, the last admin leaving, the only member leaving.
 */
class GroupLeavingSimTest {
    private static final String PASSWORD = "a long enough password";

    private final ChatSim sim = new ChatSim(20261202L, 5);
    private final GroupUsers users = new GroupUsers(sim);
    private final Map<String, ChatClient> clients = users.clients;

    @AfterEach
    void stop() {
        sim.close();
    }

    /**
     * Review 2: carol is offline while dave writes and alice then removes dave. At her next login
     * carol shows dave's last messages (read from his chain before the removal drops it) and what
     * follows. Fails without the reading of the removed members' chains in BranchFollower.follow
     * (checked).
     */
    @Test
    void aMemberOfflineAcrossARemoval_showsTheRemovedMembersLastMessages() {
        GroupId id = users.group(List.of("alice", "bob", "carol", "dave"));
        sim.await(clients.get("carol").logout());
        sim.await(clients.get("dave").sendToGroup(id, "dave's last words"));
        sim.await(clients.get("dave").sendToGroup(id, "dave's very last words"));
        sim.advance(Duration.ofSeconds(2));
        sim.await(clients.get("alice").removeFromGroup(id, "dave"));
        sim.advance(Duration.ofSeconds(2));
        sim.await(clients.get("alice").sendToGroup(id, "dave is out"));
        sim.advance(Duration.ofSeconds(2));

        sim.await(clients.get("carol").login("carol", PASSWORD));
        sim.advance(Duration.ofSeconds(5));

        assertThat(users.events.get("carol").shown())
                .containsSubsequence("dave: dave's last words", "dave: dave's very last words")
                .contains("alice: dave is out");
        assertThat(sim.await(clients.get("carol").group(id)).isMember("dave")).isFalse();
    }

    /**
     * The last admin leaves: the same record makes the longest-standing other member (bob, invited
     * first) an admin, so the group keeps one; bob can then change it.
     */
    @Test
    void theLastAdminLeaving_makesTheLongestStandingMemberAnAdmin() {
        GroupId id = users.group(List.of("alice", "bob", "carol"));

        sim.await(clients.get("alice").leaveGroup(id));
        sim.advance(Duration.ofSeconds(2));

        assertThat(sim.await(clients.get("alice").groups())).isEmpty();
        for (String n : List.of("bob", "carol")) {
            assertThat(sim.await(clients.get(n).group(id)).members())
                    .as(n)
                    .containsExactlyInAnyOrder(new GroupMember("bob", true), new GroupMember("carol", false));
        }
        sim.await(clients.get("bob").removeFromGroup(id, "carol"));
        sim.advance(Duration.ofSeconds(2));
        assertThat(sim.await(clients.get("carol").groups())).isEmpty();
    }

    /** The only member leaving just forgets the group (a record cannot have no members). */
    @Test
    void theOnlyMemberLeaving_forgetsTheGroup() {
        GroupId id = users.group(List.of("alice", "bob"));
        sim.await(clients.get("bob").leaveGroup(id));
        sim.advance(Duration.ofSeconds(2));
        assertThat(sim.await(clients.get("alice").group(id)).members()).hasSize(1);

        sim.await(clients.get("alice").leaveGroup(id));

        assertThat(sim.await(clients.get("alice").groups()))
                .extracting(GroupInfo::id)
                .doesNotContain(id);
    }
}
