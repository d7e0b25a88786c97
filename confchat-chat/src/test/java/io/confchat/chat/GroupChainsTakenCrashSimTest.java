package io.confchat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.GroupId;
import io.confchat.chat.internal.device.DeviceState;
import io.confchat.chat.internal.group.GroupProbe;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A chain taken is journalled alone (not the group's whole state), and a crash between two chains
 * taken loses neither: on the simulated network with manual time, alice (admin), bob, carol and
 * dave; dave is away when alice removes carol.
 */
class GroupChainsTakenCrashSimTest {
    private static final String PASSWORD = "a long enough password";

    private final ChatSim sim = new ChatSim(20261130L, 5);
    private final GroupUsers users = new GroupUsers(sim);

    @AfterEach
    void stop() {
        sim.close();
    }

    /**
     * bob takes alice's new chain (journalled alone, after the removal's whole state) and crashes
     * before dave, back later, hands him his; bob logs in again on the same device: the journal
     * alone holds alice's chain, dave's comes from the inbox, and both their next messages show
     * once. Fails when a restore does not take the journalled chains again (HeldGroups.restore,
     * checked: alice's chain is then missing from what the device restores; the messages still
     * show, as the key backup brings the chain back at login).
     */
    @Test
    void aCrashBetweenTwoChainsTaken_losesNeither() {
        GroupId id = users.group(List.of("alice", "bob", "carol", "dave"));
        for (String n : List.of("alice", "bob", "dave")) {
            sim.await(users.clients.get(n).sendToGroup(id, "hello from " + n));
            settle();
        }
        byte[] bobsKey = users.key("bob");
        byte[] alicesKey = users.key("alice");
        sim.await(users.clients.get("dave").logout());
        sim.await(users.clients.get("alice").removeFromGroup(id, "carol"));
        settle();
        String alicesNewChain = HexFormat.of().formatHex(GroupProbe.sendingChainId(users.kept("alice"), alicesKey));
        DeviceState bobsDevice = users.devices
                .get("bob")
                .of("bob", Internals.account(users.clients.get("bob")).storageKey());
        String group = bobsDevice.groups().keySet().iterator().next();
        assertThat(bobsDevice.groupChains(group))
                .as("alice's chain, journalled alone")
                .hasSize(1);

        sim.crash(users.clients.get("bob"));
        assertThat(GroupProbe.restoredChainIds(bobsDevice, bobsKey))
                .as("what bob's device restores (the key backup would bring it back too)")
                .contains(alicesNewChain);
        sim.await(users.clients.get("dave").login("dave", PASSWORD));
        settle();
        ChatClient bob = sim.client(users.devices.get("bob"), ChatSim.CONFIG);
        GroupRecorder bobAgain = new GroupRecorder();
        bob.addListener(bobAgain);
        sim.await(bob.login("bob", PASSWORD));
        settle();
        sim.await(users.clients.get("alice").sendToGroup(id, "after the removal (alice)"));
        sim.await(users.clients.get("dave").sendToGroup(id, "after the removal (dave)"));
        settle();

        assertThat(bobAgain.shown())
                .filteredOn(t -> t.contains("after the removal"))
                .containsExactlyInAnyOrder("alice: after the removal (alice)", "dave: after the removal (dave)");
    }

    private void settle() {
        sim.advance(Duration.ofSeconds(3));
    }
}
