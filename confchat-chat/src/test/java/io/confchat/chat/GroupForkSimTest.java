package io.confchat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.GroupId;
import io.confchat.api.chat.GroupInfo;
import io.confchat.api.chat.GroupMember;
import io.confchat.chat.internal.group.GroupIntake;
import io.confchat.chat.internal.group.GroupProbe;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two admins of one group, end to end on the simulated network: both change the group at once
 * (a fork), and an admin removed by the other signs its own successor of the epoch before its
 * removal later. Every member ends on the same branch, the one {@code ForkChoice} chooses.
 */
class GroupForkSimTest {
    private final ChatSim sim = new ChatSim(20261201L, 5);
    private final GroupUsers users = new GroupUsers(sim);
    private final Map<String, ChatClient> clients = users.clients;

    @AfterEach
    void stop() {
        sim.close();
    }

    /**
     * Alice makes bob an admin; then, at once, alice removes dave and bob invites frank: two records
     * of epoch 2. Every member converges on alice's (she outranks bob): dave out, frank not in; bob's
     * next message reaches everyone on it, and he reads theirs. Fails when members keep the branch
     * they saw first (checked: ForkChoice.resolve answering the member's own head).
     */
    @Test
    void twoAdminsChangingAtOnce_convergeToOneHeadOnEveryMember() {
        List<String> members = List.of("alice", "bob", "carol", "dave", "erin");
        GroupId id = users.group(members);
        users.add("frank");
        promote(id, "alice", "bob", members);

        CompletableFuture<GroupInfo> removesDave = clients.get("alice").removeFromGroup(id, "dave");
        CompletableFuture<GroupInfo> invitesFrank = clients.get("bob").invite(id, "frank");
        sim.await(removesDave);
        sim.await(invitesFrank);
        sim.advance(Duration.ofMinutes(11)); // a catch-up round at least

        for (String n : List.of("alice", "bob", "carol", "erin")) {
            GroupInfo info = sim.await(clients.get(n).group(id));
            assertThat(info.epoch()).as(n).isEqualTo(2);
            assertThat(info.members())
                    .as(n)
                    .extracting(GroupMember::username)
                    .containsExactlyInAnyOrder("alice", "bob", "carol", "erin");
        }
        assertThat(sim.await(clients.get("frank").groups()))
                .extracting(GroupInfo::id)
                .doesNotContain(id);
        sim.await(clients.get("bob").sendToGroup(id, "after the fork from bob"));
        sim.await(clients.get("carol").sendToGroup(id, "after the fork from carol"));
        sim.advance(Duration.ofSeconds(2));
        for (String n : List.of("alice", "carol", "erin")) {
            assertThat(users.events.get(n).shown()).as(n).contains("bob: after the fork from bob");
        }
        assertThat(users.events.get("bob").shown()).contains("carol: after the fork from carol");
        assertThat(users.events.get("dave").shown()).noneMatch(t -> t.contains("after the fork"));
    }

    /**
     * Review 7, end to end: alice makes eve an admin (epoch 1), then removes her (epoch 2). Later
     * eve signs her own epoch 2 (dropping dave), publishes it and sends it to carol and dave. With
     * eve's key below and above alice's (the order storing nodes list records in): nobody follows
     * eve's branch, live or at a catch-up round, and frank, invited after, verifies alice's branch
     * from the creation. Fails when members take the first valid link the DHT lists (checked with
     * eve's key first).
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aRemovedAdminsLateFork_neverWins(boolean eveSortsFirst) {
        users.add("alice");
        String eve = eveWhoseKeySorts(eveSortsFirst);
        List<String> members = List.of("alice", "carol", "dave", eve);
        GroupId id = users.group(members);
        promote(id, "alice", eve, members);
        sim.await(clients.get("alice").removeFromGroup(id, eve));
        sim.advance(Duration.ofSeconds(2));

        byte[] fork = sim.await(GroupProbe.successorOf(
                Internals.node(clients.get(eve)), id.toBytes(), 1, users.identity(eve), users.key("dave")));
        sim.await(GroupProbe.publish(Internals.node(clients.get(eve)), fork, users.identity(eve)));
        for (String n : List.of("carol", "dave")) {
            users.intake(n).receive(eve, users.key(eve), GroupProbe.control(fork), GroupIntake.Via.LIVE);
        }
        sim.advance(Duration.ofMinutes(11));
        users.add("frank");
        sim.await(clients.get("alice").invite(id, "frank"));
        sim.advance(Duration.ofSeconds(2));
        sim.await(clients.get("frank").joinGroup(id));
        sim.advance(Duration.ofSeconds(2));

        for (String n : List.of("alice", "carol", "dave", "frank")) {
            GroupInfo info = sim.await(clients.get(n).group(id));
            assertThat(info.members())
                    .as(n)
                    .extracting(GroupMember::username)
                    .containsExactlyInAnyOrder("alice", "carol", "dave", "frank");
        }
        sim.await(clients.get("alice").sendToGroup(id, "eve is out"));
        sim.advance(Duration.ofSeconds(2));
        for (String n : List.of("carol", "dave", "frank")) {
            assertThat(users.events.get(n).shown()).as(n).contains("alice: eve is out");
        }
    }

    /**
     * Admins rank by how long they have been members: bob, made an admin after alice, cannot remove
     * her, and is told why (the API's message, which the CLI shows); alice can remove him.
     */
    @Test
    void anAdminCannotRemoveAnAdminWhoJoinedBefore() {
        List<String> members = List.of("alice", "bob", "carol");
        GroupId id = users.group(members);
        promote(id, "alice", "bob", members);

        CompletableFuture<GroupInfo> bobRemovesAlice = clients.get("bob").removeFromGroup(id, "alice");
        assertThat(bobRemovesAlice)
                .failsWithin(Duration.ZERO)
                .withThrowableThat()
                .havingRootCause()
                .isInstanceOf(IllegalStateException.class)
                .withMessage("alice is an admin who joined the group before you: only an admin who joined before"
                        + " them can remove them");
        sim.await(clients.get("alice").removeFromGroup(id, "bob"));
        sim.advance(Duration.ofSeconds(2));
        assertThat(sim.await(clients.get("carol").group(id)).isMember("bob")).isFalse();
    }

    /** A user registered as "eveN" whose identity key sorts below (or above) alice's. */
    private String eveWhoseKeySorts(boolean first) {
        for (int i = 0; i < 20; i++) {
            String name = "eve" + i;
            users.add(name);
            if (Arrays.compareUnsigned(users.key(name), users.key("alice")) < 0 == first) {
                return name;
            }
        }
        throw new AssertionError("no key on that side of alice's in 20 tries");
    }

    /** {@code admin} signs an epoch that makes {@code member} an admin too (no API does), and tells everyone. */
    private void promote(GroupId id, String admin, String member, List<String> everyone) {
        byte[] record = GroupProbe.promotion(users.kept(admin), users.identity(admin), users.key(member));
        sim.await(GroupProbe.publish(Internals.node(clients.get(admin)), record, users.identity(admin)));
        for (String n : everyone) {
            users.intake(n).receive(admin, users.key(admin), GroupProbe.control(record), GroupIntake.Via.LIVE);
        }
        sim.advance(Duration.ofSeconds(2));
        for (String n : everyone) {
            assertThat(sim.await(clients.get(n).group(id)).members()).as(n).contains(new GroupMember(member, true));
        }
    }
}
