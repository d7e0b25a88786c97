package io.confchat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.GroupId;
import io.confchat.chat.internal.group.GroupProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A login's chain fetches are bounded ({@code ChainReads.FETCHES_AT_ONCE}), and what waits its
 * turn is still read: a member back after every other member of a group of 12 sent reads the
 * eleven chains at most eight at once, and shows every message.
 */
class GroupCatchUpBoundSimTest {
    private static final String PASSWORD = "a long enough password";
    private static final int OTHERS = 11;

    private final ChatSim sim = new ChatSim(20261133L, 5);
    private final GroupUsers users = new GroupUsers(sim);

    @AfterEach
    void stop() {
        sim.close();
    }

    /**
     * carol logs out; each of the 11 others sends one message; carol logs in and catches up the
     * 11 chains: at most 8 fetches at once (11 before the bound: fails without it, checked), and
     * the three that waited their turn are read too.
     */
    @Test
    void aLoginsCatchUp_readsAtMostTheBoundOfChainsAtOnce_andShowsEveryMessage() {
        List<String> members = new ArrayList<>(List.of("carol"));
        for (int i = 0; i < OTHERS; i++) {
            members.add("member" + i);
        }
        members.add(0, members.remove(1)); // member0 creates the group
        GroupId id = users.group(members);
        sim.await(users.clients.get("carol").logout());
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < OTHERS; i++) {
            String from = "member" + i;
            sim.await(users.clients.get(from).sendToGroup(id, "hello from " + from));
            sent.add(from + ": hello from " + from);
        }
        sim.advance(Duration.ofSeconds(2));

        sim.await(users.clients.get("carol").login("carol", PASSWORD));
        sim.advance(Duration.ofSeconds(10));

        int mostAtOnce = GroupProbe.chainFetchesMostAtOnce(
                Internals.login(users.clients.get("carol")).groups().chat().catchUp());
        assertThat(mostAtOnce).isEqualTo(GroupProbe.chainFetchesAtOnce());
        assertThat(users.events.get("carol").shown()).containsExactlyInAnyOrderElementsOf(sent);
    }
}
