package io.confchat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.ChatSummary;
import io.confchat.api.chat.DeliveryState;
import io.confchat.api.chat.GroupConversation;
import io.confchat.api.chat.GroupDelivery;
import io.confchat.api.chat.GroupId;
import io.confchat.api.chat.GroupInfo;
import io.confchat.api.chat.GroupMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Group chats through the API, on the simulated network with manual time: create, invite, join,
 * send live and to members offline (who catch up at login), the history and the chat list.
 */
class GroupChatSimTest {
    private static final String PASSWORD = "a long enough password";

    private final ChatSim sim = new ChatSim(20261130L, 4);

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void createJoinSend_deliversLive_andAnOfflineMemberCatchesUpAtLogin() {
        ChatClient alice = user("alice");
        ChatClient bob = user("bob");
        ChatClient carol = user("carol");
        GroupRecorder bobEvents = recorder(bob);
        GroupRecorder carolEvents = recorder(carol);

        GroupInfo created = sim.await(alice.createGroup("team", List.of("bob", "carol")));
        assertThat(created.members())
                .extracting(m -> m.username() + (m.admin() ? "*" : ""))
                .containsExactly("alice*", "bob", "carol");
        sim.advance(Duration.ofSeconds(1));
        assertThat(bobEvents.invitations).hasSize(1);
        assertThat(bobEvents.invitations.get(0).from()).isEqualTo("alice");
        GroupId id = created.id();
        assertThat(sim.await(bob.joinGroup(id)).joined()).isTrue();
        assertThat(sim.await(carol.joinGroup(id)).joined()).isTrue();
        sim.advance(Duration.ofSeconds(1));

        GroupDelivery first = sim.await(alice.sendToGroup(id, "hello team"));
        assertThat(first.members()).containsOnlyKeys("bob", "carol");
        assertThat(first.members().values()).containsOnly(DeliveryState.DELIVERED);
        sim.advance(Duration.ofSeconds(1));
        assertThat(bobEvents.shown()).containsExactly("alice: hello team");
        assertThat(carolEvents.shown()).containsExactly("alice: hello team");

        sim.await(carol.logout());
        GroupConversation bobsView = sim.await(bob.openGroup(id));
        assertThat(sim.await(bobsView.send("carol is away")).members())
                .containsEntry("alice", DeliveryState.DELIVERED)
                .containsEntry("carol", DeliveryState.QUEUED);
        sim.await(alice.sendToGroup(id, "see you later"));
        sim.advance(Duration.ofSeconds(1));

        sim.await(carol.login("carol", PASSWORD));
        sim.advance(Duration.ofSeconds(1));
        assertThat(carolEvents.shown())
                .containsExactlyInAnyOrder("alice: hello team", "bob: carol is away", "alice: see you later");
        assertThat(carolEvents.messages.stream().filter(GroupMessage::viaCatchUp))
                .hasSize(2);
        assertThat(bobsView.messages())
                .extracting(GroupMessage::text)
                .containsExactly("hello team", "carol is away", "see you later");
        assertThat(sim.await(carol.groupHistory(id)))
                .extracting(GroupMessage::text)
                .containsExactlyInAnyOrder("hello team", "carol is away", "see you later");
        List<ChatSummary> chats = sim.await(carol.chats());
        assertThat(chats).filteredOn(ChatSummary::isGroup).singleElement().satisfies(c -> {
            assertThat(c.peer()).isEqualTo("team");
            assertThat(c.unread())
                    .as("one received in the login before (never read: it outlives the login), two caught up")
                    .isEqualTo(3);
        });
    }

    @Test
    void membersDialedForTheGroup_seeNoChatRequest_untilAPrivateText() {
        ChatClient alice = user("alice");
        ChatClient bob = user("bob");
        RecordingListener aliceChats = new RecordingListener();
        RecordingListener bobChats = new RecordingListener();
        alice.addListener(aliceChats);
        bob.addListener(bobChats);
        GroupRecorder bobEvents = recorder(bob);

        GroupId id = sim.await(alice.createGroup("team", List.of("bob"))).id();
        sim.advance(Duration.ofSeconds(1));
        sim.await(bob.joinGroup(id));
        sim.await(alice.sendToGroup(id, "hello team"));
        sim.advance(Duration.ofSeconds(1));
        assertThat(bobEvents.shown()).containsExactly("alice: hello team");
        assertThat(bobChats.chatRequests).as("dialed only for the group").isEmpty();
        assertThat(aliceChats.chatRequests).as("dialed only for the group").isEmpty();

        sim.await(sim.await(alice.open("bob")).send("just you"));
        sim.advance(Duration.ofSeconds(1));
        assertThat(bobChats.chatRequests).containsExactly("alice");
        assertThat(bobChats.texts()).containsExactly("just you");
    }

    private ChatClient user(String name) {
        ChatClient c = sim.client();
        sim.await(c.register(name, PASSWORD));
        sim.await(c.login(name, PASSWORD));
        return c;
    }

    private static GroupRecorder recorder(ChatClient c) {
        GroupRecorder r = new GroupRecorder();
        c.addListener(r);
        return r;
    }
}
