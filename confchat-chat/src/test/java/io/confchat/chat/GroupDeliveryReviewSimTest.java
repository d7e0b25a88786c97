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
 * Review of the group delivery gaps (84c6e86 FormerMembers, 3b1f9c4 HeldGroups.part, f6cec3f
 * previous_chain_length at login, d58ee61 OlderChainsFirst), on the simulated network with manual
 * time: alice (admin), bob and carol, each having said hello.
 */
class GroupDeliveryReviewSimTest {
    private final ChatSim sim = new ChatSim(20261130L, 5);
    private final GroupUsers users = new GroupUsers(sim);
    private GroupId id;

    @BeforeEach
    void group() {
        for (String n : List.of("alice", "bob", "carol")) {
            users.add(n);
        }
        id = sim.await(users.clients.get("alice").createGroup("crew", List.of("bob", "carol")))
                .id();
        settle();
        sim.await(client("bob").joinGroup(id));
        sim.await(client("carol").joinGroup(id));
        settle();
        for (String n : List.of("alice", "bob", "carol")) {
            sim.await(client(n).sendToGroup(id, "hello from " + n));
            settle();
        }
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    /**
     * carol is removed; an hour later she (holding her keys from before the removal, as any
     * removed member can) starts a new chain for the epoch before her removal, seals a message on
     * it dated just before the removal, stores its copy in the DHT and hands the chain to bob. bob
     * reads it as a former member's late chain (FormerMembers: up to 2 per former member, at any
     * time after the removal, to its end) and shows the message, sealed an hour after the removal,
     * in the group. Before 84c6e86 such a hand-over was refused (NOT_A_MEMBER); held chains of a
     * removed member are read once, when the removal is applied.
     */
    @Test
    void review_aRemovedMember_hasAMessageSealedAnHourAfterItsRemovalShown_onAChainMintedAfter() {
        byte[] carolsKeysBefore = users.kept("carol");
        long justBeforeTheRemoval = sim.scheduler().now().toEpochMilli();
        sim.await(client("alice").removeFromGroup(id, "carol"));
        settle();
        assertThat(sim.await(client("bob").group(id)).isMember("carol")).isFalse();
        sim.advance(Duration.ofHours(1));

        byte[] control = sim.await(GroupProbe.lateChainAfterRemoval(
                Internals.node(client("carol")),
                carolsKeysBefore,
                users.key("carol"),
                users.key("bob"),
                List.of("sealed an hour after my removal"),
                List.of(justBeforeTheRemoval),
                new SecureRandom()));
        settle();
        users.intake("bob").receive("carol", users.key("carol"), control, GroupIntake.Via.LIVE);
        settle();

        assertThat(users.events.get("bob").shown())
                .as("nothing carol sealed after her removal shows")
                .noneMatch(t -> t.contains("an hour after my removal"));
    }

    /**
     * The time bound of a former member's late chain (FormerMembers.shownUpTo: the removing
     * record's time plus a minute) is the leaver's own word when it leaves: carol leaves with a
     * record dated ten years ahead (nothing checks a record's time), and an hour later mints a late
     * chain (as above) and seals on it with her true clock: bob shows it, dated an hour after she
     * left, as if she were still in the group. No backdating is needed.
     */
    @Test
    void review_aMemberWhoLeft_withARecordDatedAhead_hasMessagesDatedAfterItShown() {
        byte[] carolsKeysBefore = users.kept("carol");
        long now = sim.scheduler().now().toEpochMilli();
        byte[] leave = GroupProbe.leaveDatedAt(
                carolsKeysBefore,
                users.identity("carol"),
                now + Duration.ofDays(3650).toMillis());
        sim.await(GroupProbe.publish(Internals.node(client("carol")), leave, users.identity("carol")));
        for (String n : List.of("alice", "bob")) {
            users.intake(n).receive("carol", users.key("carol"), GroupProbe.control(leave), GroupIntake.Via.LIVE);
        }
        settle();
        assertThat(sim.await(client("bob").group(id)).isMember("carol")).isFalse();
        sim.advance(Duration.ofHours(1));

        byte[] control = sim.await(GroupProbe.lateChainAfterRemoval(
                Internals.node(client("carol")),
                carolsKeysBefore,
                users.key("carol"),
                users.key("bob"),
                List.of("an hour after I left, honestly dated"),
                List.of(sim.scheduler().now().toEpochMilli()),
                new SecureRandom()));
        users.intake("bob").receive("carol", users.key("carol"), control, GroupIntake.Via.LIVE);
        settle();

        assertThat(users.events.get("bob").shown())
                .as("nothing carol sealed after she left shows")
                .noneMatch(t -> t.contains("an hour after I left"));
    }

    private ChatClient client(String name) {
        return users.clients.get(name);
    }

    private void settle() {
        sim.advance(Duration.ofSeconds(3));
    }
}
