package io.confchat.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.GroupId;
import io.confchat.api.chat.GroupInfo;
import io.confchat.api.chat.NameUnconfirmedException;
import io.confchat.chat.internal.device.DeviceStates;
import io.confchat.chat.internal.group.GroupIntake;
import io.confchat.chat.internal.group.GroupProbe;
import io.confchat.dht.crypto.Ed25519KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A malicious admin binding another user's name to a key, end to end on the simulated network:
 * alice, the admin of a group with bob and mallory, signs an epoch that gives mallory's key the
 * name "carol" (carol is a registered user, not in the group), or one that adds a second key of
 * mallory's as "carol". No member may then show mallory's messages as carol's: the epoch is
 * refused live, at catch-up, and as an invitation.
 */
class GroupNamesSimTest {

    private final ChatSim sim = new ChatSim(20261130L, 5);
    private final GroupUsers users = new GroupUsers(sim);
    private final Map<String, ChatClient> clients = users.clients;
    private final Map<String, DeviceStates> devices = users.devices;
    private final Map<String, GroupRecorder> events = users.events;
    private GroupId id;

    @BeforeEach
    void group() {
        for (String n : List.of("alice", "bob", "mallory", "carol", "dave")) {
            user(n);
        }
        id = sim.await(clients.get("alice").createGroup("crew", List.of("bob", "mallory")))
                .id();
        sim.advance(Duration.ofSeconds(2));
        for (String n : List.of("bob", "mallory")) {
            sim.await(clients.get(n).joinGroup(id));
        }
        sim.advance(Duration.ofSeconds(2));
        sim.await(clients.get("mallory").sendToGroup(id, "hello"));
        sim.advance(Duration.ofSeconds(2));
        assertThat(events.get("bob").shown()).contains("mallory: hello");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void anAdminRenamingAMembersKeyAfterAnotherUser_isRefused_liveAndAtCatchUp() {
        byte[] record = GroupProbe.bindingEpoch(kept("alice"), identity("alice"), Map.of("carol", key("mallory")));

        intake("bob").receive("alice", key("alice"), GroupProbe.control(record), GroupIntake.Via.LIVE);
        sim.advance(Duration.ofSeconds(2));
        sim.await(GroupProbe.publish(Internals.node(clients.get("alice")), record, identity("alice")));
        GroupInfo info = sim.await(clients.get("bob").group(id)); // catches up from the DHT first

        sim.await(clients.get("mallory").sendToGroup(id, "pay me"));
        sim.advance(Duration.ofSeconds(2));
        assertThat(events.get("bob").shown()).contains("mallory: pay me").noneMatch(t -> t.startsWith("carol:"));
        assertThat(info.epoch()).isZero();
        assertThat(info.isMember("carol")).isFalse();
    }

    @Test
    void anAdminAddingAKeyUnderAnotherUsersName_isRefused_liveAtCatchUpAndAsAnInvitation() {
        Ed25519KeyPair second = Ed25519KeyPair.generate(new SecureRandom()); // mallory's, named "carol"
        Map<String, byte[]> bindings = new LinkedHashMap<>();
        bindings.put("carol", second.publicKey());
        bindings.put("dave", key("dave")); // dave's own: he is invited by this epoch
        byte[] record = GroupProbe.bindingEpoch(kept("alice"), identity("alice"), bindings);
        List<byte[]> chainAndMessage =
                GroupProbe.chainAndMessage(record, second.publicKey(), "carol says: pay mallory", new SecureRandom());
        sim.await(GroupProbe.publish(Internals.node(clients.get("alice")), record, identity("alice")));

        intake("bob").receive("alice", key("alice"), GroupProbe.control(record), GroupIntake.Via.LIVE);
        intake("bob").receive("mallory", second.publicKey(), chainAndMessage.get(0), GroupIntake.Via.LIVE);
        intake("bob").receive("mallory", second.publicKey(), chainAndMessage.get(1), GroupIntake.Via.LIVE);
        intake("dave").receive("alice", key("alice"), GroupProbe.control(record), GroupIntake.Via.LIVE);
        sim.advance(Duration.ofSeconds(2));
        GroupInfo info = sim.await(clients.get("bob").group(id)); // catches up from the DHT first
        sim.advance(Duration.ofMinutes(11)); // and a periodic round
        intake("bob").receive("mallory", second.publicKey(), chainAndMessage.get(1), GroupIntake.Via.LIVE);
        sim.advance(Duration.ofSeconds(2));

        assertThat(events.get("bob").shown()).noneMatch(t -> t.contains("pay mallory"));
        assertThat(events.get("dave").invitations).isEmpty();
        assertThat(sim.await(clients.get("dave").groups())).isEmpty();
        assertThat(info.epoch()).isZero();
        assertThat(sim.await(clients.get("bob").group(id)).isMember("carol")).isFalse();
        sim.await(clients.get("alice").sendToGroup(id, "the real next one"));
        sim.advance(Duration.ofSeconds(2));
        assertThat(events.get("bob").shown()).contains("alice: the real next one");
    }

    @Test
    void aKeyBoundToANameNobodyRegistered_isNeverAccepted_andItsItemIsLeftUntaken() {
        Ed25519KeyPair stranger = Ed25519KeyPair.generate(new SecureRandom());
        Map<String, byte[]> bindings = new LinkedHashMap<>();
        bindings.put("zed", stranger.publicKey()); // nobody registered "zed"
        bindings.put("dave", key("dave"));
        byte[] record = GroupProbe.bindingEpoch(kept("alice"), identity("alice"), bindings);
        sim.await(GroupProbe.publish(Internals.node(clients.get("alice")), record, identity("alice")));

        CompletableFuture<Void> live =
                intake("bob").receive("alice", key("alice"), GroupProbe.control(record), GroupIntake.Via.LIVE);
        CompletableFuture<Void> invitation =
                intake("dave").receive("alice", key("alice"), GroupProbe.control(record), GroupIntake.Via.INBOX);
        sim.advance(Duration.ofSeconds(10));

        // not taken (no receipt, the inbox item stays): it comes again, and is checked again then
        assertThat(live).isCompletedExceptionally();
        assertThat(invitation).isCompletedExceptionally();
        assertThatThrownBy(invitation::join).hasCauseInstanceOf(NameUnconfirmedException.class);
        assertThat(sim.await(clients.get("dave").groups())).isEmpty();
        assertThat(events.get("dave").invitations).isEmpty();
        GroupInfo info = sim.await(clients.get("bob").group(id)); // catches up from the DHT first
        assertThat(info.epoch()).isZero();
        assertThat(info.isMember("zed")).isFalse();
    }

    private byte[] kept(String name) {
        return users.kept(name);
    }

    private Ed25519KeyPair identity(String name) {
        return users.identity(name);
    }

    private byte[] key(String name) {
        return users.key(name);
    }

    private GroupIntake intake(String name) {
        return users.intake(name);
    }

    private void user(String name) {
        users.add(name);
    }
}
