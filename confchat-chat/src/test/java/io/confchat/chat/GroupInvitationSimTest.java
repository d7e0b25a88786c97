package io.confchat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.RpcKind;
import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.Conversation;
import io.confchat.api.chat.GroupId;
import io.confchat.api.chat.GroupInvitation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Invitation floods, end to end on the simulated network: anyone can make groups with anyone in
 * them, so a stranger can send a user invitation after invitation, each of which would be verified
 * (the group's membership read and checked from its creation) and held until declined.
 */
class GroupInvitationSimTest {
    private static final String PASSWORD = "a long enough password";

    private final ChatSim sim = new ChatSim(20261203L, 5);
    private final GroupUsers users = new GroupUsers(sim);
    private final Map<String, ChatClient> clients = users.clients;

    @AfterEach
    void stop() {
        sim.close();
    }

    /**
     * Mallory, a stranger to carol, makes 20 groups with carol in them; alice, in carol's chat list,
     * then invites her. Carol holds 3 of mallory's (the bound per inviter), refuses the other 17
     * before reading anything of them from the DHT, and holds alice's. Fails without the bound per
     * inviter in GroupInvitations.receive (checked: carol then holds 10, the bound for strangers).
     */
    @Test
    void aFloodFromAStranger_isBounded_andDoesNotCrowdOutAFriendsInvitation() {
        for (String n : List.of("alice", "carol", "mallory")) {
            users.add(n);
        }
        Conversation toCarol = sim.await(clients.get("alice").open("carol"));
        sim.await(toCarol.send("hi carol"));
        sim.advance(Duration.ofSeconds(2));
        sim.await(clients.get("carol").logout()); // the chat list, with alice in it, is loaded at login
        sim.await(clients.get("carol").login("carol", PASSWORD));
        sim.advance(Duration.ofSeconds(2));

        for (int i = 0; i < 3; i++) {
            sim.await(clients.get("mallory").createGroup("spam" + i, List.of("carol")));
        }
        sim.advance(Duration.ofSeconds(2));
        long before = lookups("carol");
        for (int i = 3; i < 20; i++) {
            sim.await(clients.get("mallory").createGroup("spam" + i, List.of("carol")));
        }
        sim.advance(Duration.ofSeconds(2));
        long duringTheRest = lookups("carol") - before;
        GroupId friends = sim.await(clients.get("alice").createGroup("friends", List.of("carol")))
                .id();
        sim.advance(Duration.ofSeconds(2));

        List<GroupInvitation> got = users.events.get("carol").invitations;
        assertThat(got).filteredOn(i -> i.from().equals("mallory")).hasSize(3);
        assertThat(got).extracting(i -> i.group().id()).contains(friends);
        assertThat(duringTheRest)
                .as("DHT lookups for 17 invitations over the bound")
                .isZero();
        sim.await(clients.get("carol").joinGroup(friends));
        sim.await(clients.get("alice").sendToGroup(friends, "welcome"));
        sim.advance(Duration.ofSeconds(2));
        assertThat(users.events.get("carol").shown()).contains("alice: welcome");
    }

    private long lookups(String name) {
        return Internals.node(clients.get(name))
                .snapshot()
                .rpc(RpcKind.FIND_VALUE)
                .sent();
    }
}
