package io.confchat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.GroupId;
import io.confchat.api.chat.GroupInfo;
import io.confchat.api.chat.GroupMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The group invariant on the simulated network with manual time, for groups of 3 to 100: while
 * messages flow, a member joins, one leaves, one is removed, and some are offline; every member
 * who was a member when a message was sent gets it exactly once, in each sender's order, live or
 * at its next login, and nobody else gets it.
 */
class GroupMembershipSimTest {
    private static final String PASSWORD = "a long enough password";
    /** Members who send in each round (all of them in small groups). */
    private static final int SENDERS = 6;

    private final ChatSim sim = new ChatSim(20261130L, 6);
    private final Map<String, ChatClient> clients = new LinkedHashMap<>();
    private final Map<String, GroupRecorder> events = new LinkedHashMap<>();
    /** Every message sent: its text, sender, and who was a member when it was sent. */
    private final List<Sent> sent = new ArrayList<>();

    private record Sent(String from, String text, Set<String> members) {}

    @AfterEach
    void stop() {
        sim.close();
    }

    /**
     * The group sizes run: 3 and 10 in every build; {@code -Dconfchat.groupSizes=3,10,50,100} runs
     * the large groups too (each member is a full client with a DHT node of its own: minutes, and
     * more than the build's 2 GB test heap for 100; give it {@code -DargLine=-Xmx3g}).
     */
    static java.util.stream.IntStream sizes() {
        return java.util.Arrays.stream(
                        System.getProperty("confchat.groupSizes", "3,10").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim()));
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void everyMemberGetsEveryMessageOfItsTime_once_inOrder(int size) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < size - 1; i++) { // the newcomer joins later: at most size members
            names.add(String.format("user%03d", i));
        }
        names.forEach(this::user);
        String admin = names.get(0);
        GroupId id = sim.await(clients.get(admin).createGroup("g" + size, names.subList(1, names.size())))
                .id();
        sim.advance(Duration.ofSeconds(2));
        for (String n : names.subList(1, names.size())) {
            assertThat(events.get(n).invitations).hasSize(1);
            sim.await(clients.get(n).joinGroup(id));
        }
        sim.advance(Duration.ofSeconds(2));

        round(id, names, "first");

        // some members go offline; a newcomer joins; one member leaves, one is removed
        List<String> offline = new ArrayList<>();
        for (int i = 1; i < names.size(); i += 4) {
            offline.add(names.get(i));
        }
        for (String n : offline) {
            sim.await(clients.get(n).logout());
        }
        String newcomer = "newcomer";
        user(newcomer);
        sim.await(clients.get(admin).invite(id, newcomer));
        sim.advance(Duration.ofSeconds(2));
        sim.await(clients.get(newcomer).joinGroup(id));
        String leaver = names.get(names.size() - 1);
        String removed = size > 3 ? names.get(names.size() - 2) : null;
        if (!offline.contains(leaver)) {
            sim.await(clients.get(leaver).leaveGroup(id));
        }
        if (removed != null && !offline.contains(removed)) {
            sim.await(clients.get(admin).removeFromGroup(id, removed));
        }
        sim.advance(Duration.ofSeconds(2));

        round(id, names, "second");

        for (String n : offline) {
            sim.await(clients.get(n).login(n, PASSWORD));
        }
        sim.advance(Duration.ofSeconds(5));
        round(id, names, "third");
        sim.advance(Duration.ofSeconds(5));

        for (String member : clients.keySet()) {
            List<String> expected = sent.stream()
                    .filter(s -> !s.from().equals(member) && s.members().contains(member))
                    .map(s -> s.from() + ": " + s.text())
                    .toList();
            List<String> shown = events.get(member).shown();
            assertThat(shown)
                    .as(member + " shows each message of its time once")
                    .containsExactlyInAnyOrderElementsOf(expected);
            Map<String, List<String>> bySender = new LinkedHashMap<>();
            events.get(member)
                    .messages
                    .forEach(m -> bySender.computeIfAbsent(m.from(), f -> new ArrayList<>())
                            .add(m.text()));
            bySender.forEach((from, texts) -> assertThat(texts)
                    .as(member + " shows " + from + "'s messages in order")
                    .isEqualTo(sent.stream()
                            .filter(s -> s.from().equals(from) && s.members().contains(member))
                            .map(Sent::text)
                            .toList()));
        }
        assertThat(events.get(newcomer).messages).extracting(GroupMessage::text).noneMatch(t -> t.startsWith("first"));
    }

    /** The first few members still in the group send one message each. */
    private void round(GroupId id, List<String> names, String label) {
        GroupInfo info = sim.await(clients.get(names.get(0)).group(id));
        Set<String> members = new LinkedHashSet<>();
        info.members().forEach(m -> members.add(m.username()));
        int senders = 0;
        for (String n : members) {
            ChatClient c = clients.get(n);
            if (senders == SENDERS || c.currentUser().isEmpty()) {
                continue;
            }
            String text = label + " from " + n;
            sim.await(c.sendToGroup(id, text));
            sent.add(new Sent(n, text, members));
            senders++;
        }
        sim.advance(Duration.ofSeconds(2));
    }

    private void user(String name) {
        ChatClient c = sim.client();
        sim.await(c.register(name, PASSWORD));
        sim.await(c.login(name, PASSWORD));
        GroupRecorder r = new GroupRecorder();
        c.addListener(r);
        clients.put(name, c);
        events.put(name, r);
    }
}
