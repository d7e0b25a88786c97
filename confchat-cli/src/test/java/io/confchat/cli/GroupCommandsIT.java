package io.confchat.cli;

import static io.confchat.cli.ListenEventsAwait.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group chats from scripts, with real processes: alice, bob and carol each run {@code listen
 * --json}; the group is made, joined and changed with one-shot {@code confchat group} commands
 * that go through each user's running listen; texts go in as stdin lines and come out as {@code
 * group-message} events. A removed member gets no later message.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class GroupCommandsIT {
    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration STEP = CliNetwork.STEP;

    @TempDir
    Path home;

    private CliNetwork network;

    @AfterEach
    void stopAll() throws Exception {
        if (network != null) {
            network.close();
        }
    }

    @Test
    void scriptsCreateJoinTalkInAndChangeAGroup() throws Exception {
        network = CliNetwork.start(home);
        SupernodeProcess alice = listen("alice");
        SupernodeProcess bob = listen("bob");
        SupernodeProcess carol = listen("carol");

        assertThat(oneShot("alice", "group", "create", "friends", "bob", "carol"))
                .singleElement()
                .asString()
                .startsWith("created #friends (alice (admin), bob, carol)");
        for (SupernodeProcess p : List.of(bob, carol)) {
            Map<String, Object> invitation = event(p, "group-invitation", Map.of("from", "alice"), STEP);
            assertThat(invitation.get("group").toString()).contains("friends");
        }
        assertThat(oneShot("bob", "group", "list")).singleElement().asString().contains("#friends  invitation");
        assertThat(oneShot("bob", "group", "join", "#friends"))
                .containsExactly("joined #friends (alice (admin), bob, carol)");
        assertThat(oneShot("carol", "group", "join", "friends")).hasSize(1);

        alice.type("#friends: hello all");
        Map<String, Object> sent = event(alice, "group-sent", Map.of("name", "friends"), STEP);
        assertThat(event(bob, "group-message", Map.of("from", "alice", "text", "hello all"), STEP))
                .containsEntry("id", sent.get("id"))
                .containsEntry("name", "friends");
        event(carol, "group-message", Map.of("from", "alice", "text", "hello all"), STEP);

        bob.type("{\"group\":\"friends\",\"text\":\"hi from bob\",\"ref\":\"b1\"}");
        event(bob, "group-sent", Map.of("ref", "b1"), STEP);
        event(alice, "group-message", Map.of("from", "bob", "text", "hi from bob"), STEP);
        event(carol, "group-message", Map.of("from", "bob", "text", "hi from bob"), STEP);

        // one-shot send through alice's listen: the text is alice's, the others get it live
        assertThat(oneShot("alice", "group", "send", "#friends", "via the socket"))
                .singleElement()
                .asString()
                .startsWith("sent to #friends: ");
        event(bob, "group-message", Map.of("text", "via the socket"), STEP);

        // carol is removed: everyone sees the change, and only bob reads what follows
        assertThat(oneShot("alice", "group", "remove", "#friends", "carol"))
                .singleElement()
                .asString()
                .startsWith("removed: #friends is now alice (admin), bob");
        event(carol, "group-change", Map.of("by", "alice"), STEP);
        event(bob, "group-change", Map.of("by", "alice"), STEP);
        alice.type("#friends: after carol");
        event(bob, "group-message", Map.of("text", "after carol"), STEP);
        bob.type("#friends: bob after carol");
        event(alice, "group-message", Map.of("text", "bob after carol"), STEP);
        assertThat(carol.remainingStdout())
                .as("carol's events after her removal")
                .noneMatch(l -> l.contains("after carol"));

        assertThat(oneShot("bob", "group", "history", "#friends"))
                .anyMatch(l -> l.endsWith("#friends alice: hello all"))
                .anyMatch(l -> l.endsWith("#friends bob: bob after carol"));
        assertThat(failingOneShot("carol", "group", "send", "#friends", "still here?"))
                .startsWith("confchat group: ");
    }

    /** {@code user}'s listen, once it is ready (one at a time: starting JVMs together on a busy machine is slow). */
    private SupernodeProcess listen(String user) throws Exception {
        SupernodeProcess p = network.command(user, network.loginEnvironment("123"), "listen", "-u", user, "--json");
        event(p, "ready", Map.of(), START);
        return p;
    }

    /**
     * A one-shot command of {@code user} with their home and nothing else: it can only work through
     * their running listen. Its stdout lines.
     */
    private List<String> oneShot(String user, String... args) throws Exception {
        SupernodeProcess p = start(user, args);
        assertThat(p.awaitExit(STEP))
                .as("exit of %s; stderr: %s", List.of(args), p.stderr())
                .isZero();
        return p.remainingStdout();
    }

    /** A one-shot command that must fail (exit 1); what it said on stderr. */
    private String failingOneShot(String user, String... args) throws Exception {
        SupernodeProcess p = start(user, args);
        assertThat(p.awaitExit(STEP))
                .as("exit of %s; stdout: %s", List.of(args), p.remainingStdout())
                .isEqualTo(1);
        return p.stderr();
    }

    private SupernodeProcess start(String user, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(1, "-u");
        all.add(2, user);
        return network.command(user, Map.of(), all.toArray(String[]::new));
    }
}
