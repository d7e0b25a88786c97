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
 * A removed member's late chains (FormerMembers) on a device restored from the user's key backup:
 * it reads them as the device that wrote the backup would, within the same window by absolute time
 * (the restore gives no fresh ten minutes), up to the same cut-off, and no more of them than that
 * device had left. On the simulated network with manual time: alice (admin), bob and carol, each
 * having said hello; alice removes carol, and bob moves from node A to node B.
 */
class GroupFormerMembersRestoredSimTest {
    private static final String PASSWORD = "a long enough password";

    private final ChatSim sim = new ChatSim(20261130L, 5);
    private final GroupUsers users = new GroupUsers(sim);
    private GroupId id;
    private byte[] carolsKeysBefore;
    private byte[] bobsKey;
    private long beforeTheRemoval;
    private long removedAt;

    @BeforeEach
    void group() {
        id = users.groupThatSaidHello(List.of("alice", "bob", "carol"));
        carolsKeysBefore = users.kept("carol");
        bobsKey = users.key("bob");
        beforeTheRemoval = sim.scheduler().now().toEpochMilli();
        sim.await(client("alice").removeFromGroup(id, "carol"));
        removedAt = sim.scheduler().now().toEpochMilli();
        settle();
        assertThat(sim.await(client("bob").group(id)).isMember("carol")).isFalse();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    /**
     * bob logs out of node A right after applying the removal and into node B, where the group is
     * restored from his key backup; five minutes after the removal carol hands him a late chain:
     * what she sealed before the removal shows on B, what she dates now (past the cut-off) does not.
     * Fails when the backup leaves the former members out, or the restore does not take them (the
     * chain is then NOT_A_MEMBER: nothing shows); the second assertion fails when the restored
     * cut-off is lost (shown_up_to_millis taken as Long.MAX_VALUE, checked).
     */
    @Test
    void aRestoredDevice_readsARemovedMembersLateChain_withinTheWindow_upToTheCutOff() {
        sim.await(client("bob").logout());
        Node b = bobOnNodeB();
        sim.advance(Duration.ofMinutes(5));

        lateChainTo(
                b,
                List.of("sealed before my removal", "dated five minutes after my removal"),
                List.of(beforeTheRemoval - 1_000, sim.scheduler().now().toEpochMilli()));

        assertThat(b.events().shown())
                .contains("carol: sealed before my removal")
                .noneMatch(t -> t.contains("five minutes after my removal"));
    }

    /**
     * bob moves to node B five minutes after the removal; eleven minutes after it carol hands him a
     * late chain. bob's window closed ten minutes after node A applied the removal, wherever he is
     * now: refused. Fails when the restore starts a fresh window (late_until_millis taken as the
     * restore's time plus FormerMembers.LATE_WINDOW in GroupKeys.restoreElsewhere, checked).
     */
    @Test
    void aRestoredDevice_getsNoFreshWindow_aLateChainAfterTheOriginalWindowIsRefused() {
        sim.advance(Duration.ofMinutes(5));
        sim.await(client("bob").logout());
        Node b = bobOnNodeB();
        sim.advance(Duration.ofMillis(removedAt
                + Duration.ofMinutes(11).toMillis()
                - sim.scheduler().now().toEpochMilli()));

        lateChainTo(b, List.of("sealed before my removal, handed over late"), List.of(beforeTheRemoval - 1_000));

        assertThat(b.events().shown()).noneMatch(t -> t.contains("handed over late"));
    }

    /**
     * bob reads two late chains of carol on node A (all a former member gets), node A crashes (no
     * logout: only the backups written at once count), and on node B carol hands him a third: refused,
     * as on A. Fails when the backup is not written at once after a late chain was read
     * (GroupBackups.Summary without lateChainsRead) or does not hold the chains read (checked).
     */
    @Test
    void aRestoredDevice_readsNoMoreLateChainsThanTheDeviceBefore() {
        Node a = new Node(client("bob"), users.events.get("bob"));
        lateChainTo(a, List.of("first late chain"), List.of(beforeTheRemoval - 1_000));
        lateChainTo(a, List.of("second late chain"), List.of(beforeTheRemoval - 1_000));
        assertThat(a.events().shown()).contains("carol: first late chain", "carol: second late chain");
        sim.crash(client("bob"));
        Node b = bobOnNodeB();

        lateChainTo(b, List.of("third late chain"), List.of(beforeTheRemoval - 1_000));

        assertThat(b.events().shown()).noneMatch(t -> t.contains("third late chain"));
    }

    /** bob logged in on a node that never saw him (the group restored from his key backup). */
    private Node bobOnNodeB() {
        ChatClient b = sim.client(ChatSim.device(), ChatSim.CONFIG);
        GroupRecorder events = new GroupRecorder();
        b.addListener(events);
        sim.await(b.login("bob", PASSWORD));
        settle();
        assertThat(sim.await(b.groups()))
                .singleElement()
                .satisfies(g -> assertThat(g.id()).isEqualTo(id));
        return new Node(b, events);
    }

    /**
     * What carol, gone, can do with her keys from before: mint a chain for her last epoch, store
     * {@code texts} on it dated {@code sentAt}, and hand it to bob on {@code node} live.
     */
    private void lateChainTo(Node node, List<String> texts, List<Long> sentAt) {
        byte[] control = sim.await(GroupProbe.lateChainAfterRemoval(
                Internals.node(client("carol")),
                carolsKeysBefore,
                users.key("carol"),
                bobsKey,
                texts,
                sentAt,
                new SecureRandom()));
        GroupIntake intake = Internals.login(node.client()).groups().chat().intake();
        intake.receive("carol", users.key("carol"), control, GroupIntake.Via.LIVE);
        settle();
    }

    private record Node(ChatClient client, GroupRecorder events) {}

    private ChatClient client(String name) {
        return users.clients.get(name);
    }

    private void settle() {
        sim.advance(Duration.ofSeconds(3));
    }
}
