package io.confchat.cli.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.cli.PtySession;
import io.confchat.cli.SupernodeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four machines on one flat network (an office LAN, no router), the CLI on each as its user
 * would start it: the supernode and three nodes with {@code --host 0.0.0.0}, one node with no
 * {@code --host} at all. Everyone logs in, sees the other three online, and live chats work,
 * including towards the node started with default flags.
 *
 * <pre>
 *   lan1 10.7.0.11        lan2 10.7.0.12     lan3 10.7.0.13     lan4 10.7.0.14
 *   supernode + alice     bob                carol              dave (no --host)
 *   └──────────────────────┴──────────── one switch ───┴──────────────────┘
 * </pre>
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FlatLanIT {
    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration STEP = Duration.ofSeconds(30);

    private static NetLab lab;
    private static final List<LabHost> hosts = new ArrayList<>();

    @TempDir
    Path home;

    private final List<AutoCloseable> running = new ArrayList<>();

    @BeforeAll
    static void buildLan() {
        lab = NetLab.open();
        LabNetwork office = lab.network("office", "10.7.0.0/24");
        for (int i = 1; i <= 4; i++) {
            hosts.add(lab.host("lan" + i).attach(office, "10.7.0.1" + i + "/24"));
        }
    }

    @AfterAll
    static void removeLan() {
        if (lab != null) {
            lab.close();
        }
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : running) {
            c.close();
        }
    }

    @Test
    void nodesBoundToEveryInterface_seeEachOtherOnline_andChatLive() throws Exception {
        SupernodeProcess supernode = SupernodeProcess.start(
                hosts.get(0)::command,
                home,
                Map.of(),
                "supernode",
                "--host",
                "0.0.0.0",
                "--port",
                "4000",
                "--demo-users");
        running.add(supernode);
        String seed = "10.7.0.11:4000";
        assertThat(supernode.awaitEndpoints(START))
                .as("bound to every IPv4 interface, it advertises its LAN address")
                .isEqualTo(seed);

        PtySession alice = node(hosts.get(0), "alice", "--bootstrap", seed, "--host", "0.0.0.0");
        PtySession bob = node(hosts.get(1), "bob", "--bootstrap", seed, "--host", "0.0.0.0");
        PtySession carol = node(hosts.get(2), "carol", "--bootstrap", seed, "--host", "0.0.0.0");
        PtySession dave = node(hosts.get(3), "dave", "--bootstrap", seed);
        for (PtySession user : List.of(alice, bob, carol, dave)) {
            user.type("r").expect("Users (4 online, 1 offline)", STEP);
        }

        alice.type("bob").expect("--- chat with bob ---", STEP).expect("bob is online", STEP);
        alice.type("hello bob");
        bob.expect("alice wants to chat", STEP).expect("new message from alice: hello bob", STEP);
        bob.type("alice").expect("alice is online", STEP);
        bob.type("hi alice");
        alice.expect("bob: hi alice", STEP);

        carol.type("dave").expect("dave is online", STEP);
        carol.type("hello dave");
        dave.expect("new message from carol: hello dave", STEP);
        dave.type("carol").expect("carol is online", STEP);
        dave.type("hi carol");
        carol.expect("dave: hi carol", STEP);

        for (PtySession user : List.of(alice, bob, carol, dave)) {
            user.type("/leave").expect("chat with (username", STEP);
            user.type("q").expect("bye", STEP);
            assertThat(user.awaitExit(STEP)).isZero();
            assertThat(user.screen()).doesNotContain("Exception", "\tat ");
        }
    }

    private PtySession node(LabHost host, String user, String... args) throws Exception {
        Path nodeHome = Files.createDirectories(home.resolve(user));
        List<String> command = new ArrayList<>(List.of("node"));
        command.addAll(List.of(args));
        PtySession session = PtySession.start(host::command, user, nodeHome, command.toArray(String[]::new));
        running.add(session);
        session.expect("log in or register?", START);
        session.type("l").type(user).type("123");
        session.expect("logged in as " + user, STEP).expect("chat with (username", STEP);
        return session;
    }
}
