package io.confchat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.GroupId;
import io.confchat.chat.internal.group.GroupIntake;
import io.confchat.chat.internal.group.GroupProbe;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a member removed from a group (or who left it) can still get shown with the keys it held
 * before: a late chain (FormerMembers) is read only within ten minutes of the member applying the
 * removal, and shows nothing dated after the removal by the reader's clock, whatever time the
 * removing record claims. On the simulated network with manual time: alice (admin), bob and carol,
 * each having said hello. Found by the review of the group delivery gaps.
 */
class GroupFormerMembersSimTest {
    private final ChatSim sim = new ChatSim(20261130L, 5);
    private final GroupUsers users = new GroupUsers(sim);
    private GroupId id;

    @BeforeEach
    void group() {
        id = users.groupThatSaidHello(List.of("alice", "bob", "carol"));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    /**
     * carol is removed; an hour later she (holding her keys from before the removal, as any removed
     * member can) starts a new chain for the epoch before her removal, seals a message on it dated
     * just before the removal, stores its copy in the DHT and hands the chain to bob. A chain that
     * comes this late was minted after the removal as far as bob can tell: refused. Fails without
     * the window check in GroupCatchUp.formerChain (checked).
     */
    @Test
    void aLateChainOfARemovedMember_comingAnHourAfterTheRemoval_isRefused() {
        byte[] carolsKeysBefore = users.kept("carol");
        long justBeforeTheRemoval = sim.scheduler().now().toEpochMilli();
        sim.await(client("alice").removeFromGroup(id, "carol"));
        settle();
        assertThat(sim.await(client("bob").group(id)).isMember("carol")).isFalse();
        sim.advance(Duration.ofHours(1));

        lateChainToBob(carolsKeysBefore, List.of("sealed an hour after my removal"), List.of(justBeforeTheRemoval));

        assertThat(users.events.get("bob").shown())
                .as("nothing carol sealed after her removal shows")
                .noneMatch(t -> t.contains("an hour after my removal"));
    }

    /**
     * carol leaves with a record dated ten years ahead (a leaver signs its own leave), and an hour
     * later hands bob a late chain with a message honestly dated then: nothing shows (refused by
     * the window, and dated after the cut-off; the next test takes each protection alone).
     */
    @Test
    void aMemberWhoLeft_withALeaveDatedAhead_getsNothingShownAnHourLater() {
        byte[] carolsKeysBefore = users.kept("carol");
        carolLeavesWithARecordDatedTenYearsAhead(carolsKeysBefore);
        sim.advance(Duration.ofHours(1));

        lateChainToBob(
                carolsKeysBefore,
                List.of("an hour after I left, honestly dated"),
                List.of(sim.scheduler().now().toEpochMilli()));

        assertThat(users.events.get("bob").shown())
                .as("nothing carol sealed after she left shows")
                .noneMatch(t -> t.contains("an hour after I left"));
    }

    /**
     * As above, but carol hands the chain over five minutes after she left, within the window: her
     * leave is dated ten years ahead, yet what her late chain shows is cut at bob's clock when he
     * applied the leave (plus a minute): the message honestly dated five minutes after she left
     * does not show, the one dated before it does. Fails when the cut-off is the record's time alone
     * (BranchFollower.shownUpTo without the min, checked).
     */
    @Test
    void aLeaveDatedAhead_doesNotExtendWhatTheLeaversLateChainShows() {
        byte[] carolsKeysBefore = users.kept("carol");
        long before = sim.scheduler().now().toEpochMilli();
        carolLeavesWithARecordDatedTenYearsAhead(carolsKeysBefore);
        sim.advance(Duration.ofMinutes(5));

        lateChainToBob(
                carolsKeysBefore,
                List.of("dated before I left", "five minutes after I left"),
                List.of(before - 1_000, sim.scheduler().now().toEpochMilli()));

        assertThat(users.events.get("bob").shown())
                .anyMatch(t -> t.contains("dated before I left"))
                .noneMatch(t -> t.contains("five minutes after I left"));
    }

    /** carol signs her own leave, dated ten years ahead, and alice and bob apply it. */
    private void carolLeavesWithARecordDatedTenYearsAhead(byte[] carolsKeysBefore) {
        long aheadBy = Duration.ofDays(3650).toMillis();
        byte[] leave = GroupProbe.leaveDatedAt(
                carolsKeysBefore, users.identity("carol"), sim.scheduler().now().toEpochMilli() + aheadBy);
        sim.await(GroupProbe.publish(Internals.node(client("carol")), leave, users.identity("carol")));
        for (String n : List.of("alice", "bob")) {
            users.intake(n).receive("carol", users.key("carol"), GroupProbe.control(leave), GroupIntake.Via.LIVE);
        }
        settle();
        assertThat(sim.await(client("bob").group(id)).isMember("carol")).isFalse();
    }

    /**
     * What carol, gone, can do with her keys from before: mint a chain for her last epoch, store
     * {@code texts} on it dated {@code sentAt}, and hand it to bob live.
     */
    private void lateChainToBob(byte[] carolsKeysBefore, List<String> texts, List<Long> sentAt) {
        byte[] control = sim.await(GroupProbe.lateChainAfterRemoval(
                Internals.node(client("carol")),
                carolsKeysBefore,
                users.key("carol"),
                users.key("bob"),
                texts,
                sentAt,
                new SecureRandom()));
        users.intake("bob").receive("carol", users.key("carol"), control, GroupIntake.Via.LIVE);
        settle();
    }

    private ChatClient client(String name) {
        return users.clients.get(name);
    }

    private void settle() {
        sim.advance(Duration.ofSeconds(3));
    }
}
