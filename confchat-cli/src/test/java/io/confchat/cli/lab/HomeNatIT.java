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
 * Two people at home, each behind a NAT router, and a supernode on a public address (the {@link
 * HomesTopology}), every node started with default flags: they find that peers cannot dial them,
 * hold reservations at the two public nodes (both relay), learn the address the public side sees
 * them at (when the NAT keeps ports), see each other online, and a message left for one who is
 * offline is delivered at their next login; two machines in one home chat live (through a relay,
 * then over their LAN once the hole punch finds it). Live chats between homes: {@link
 * AcrossHomesIT}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HomeNatIT {
    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration STEP = Duration.ofSeconds(30);
    private static final String SEED = HomesTopology.SUPERNODE_IP + ":4000";

    private static HomesTopology net;
    private static final List<AutoCloseable> servers = new ArrayList<>();

    @TempDir
    static Path serverHome;

    @TempDir
    Path home;

    private final List<AutoCloseable> running = new ArrayList<>();

    @BeforeAll
    static void startPublicNodes() throws Exception {
        net = HomesTopology.build();
        SupernodeProcess supernode = SupernodeProcess.start(
                net.supernode::command, serverHome, Map.of(), "supernode", "--port", "4000", "--demo-users");
        servers.add(supernode);
        assertThat(supernode.awaitEndpoints(START))
                .as("bound to every interface, the supernode advertises its public address")
                .isEqualTo(SEED);
        // a second public node, in another /24: a NATed node needs two networks to confirm its address
        SupernodeProcess second = SupernodeProcess.start(
                net.publicNode::command, serverHome, Map.of(), "supernode", "--port", "4000", "--bootstrap", SEED);
        servers.add(second);
        assertThat(second.awaitEndpoints(START)).isEqualTo(HomesTopology.PUBLIC_NODE_IP + ":4000");
    }

    @AfterAll
    static void stopPublicNodes() throws Exception {
        for (AutoCloseable c : servers) {
            c.close();
        }
        if (net != null) {
            net.close();
        }
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : running) {
            c.close();
        }
    }

    @Test
    void whoami_showsTheRelaysAndThatNobodyCanDialIn_withTheRoutersAddressBehindAPortPreservingNat() throws Exception {
        String carol = whoami(net.home1a, "carol");
        assertThat(carol)
                .as("the LAN address, the two relays (in address order), and the router's address peers in two "
                        + "networks saw")
                .matches("carol \\(on node 10\\.1\\.0\\.2:\\d+, through relays 198\\.51\\.100\\.10:4000, "
                        + "203\\.0\\.113\\.10:4000; reachable: no, behind a NAT at 203\\.0\\.113\\.21\\)");

        String dave = whoami(net.home2a, "dave");
        // each peer saw another random port: nothing is confirmed (equal ports by chance: 1 in ~28,000)
        assertThat(dave)
                .matches("dave \\(on node 192\\.168\\.2\\.2:\\d+, through relays 198\\.51\\.100\\.10:4000, "
                        + "203\\.0\\.113\\.10:4000; reachable: no\\)");
    }

    @Test
    void twoHomes_seeEachOtherOnline_andAMessageLeftForTheOtherHomeArrivesAtLogin() throws Exception {
        PtySession alice = logIn(net.home1a, "alice");
        PtySession bob = logIn(net.home2a, "bob");
        alice.type("r").expect("* online   bob", STEP);
        bob.type("r").expect("* online   alice", STEP);
        bob.type("q").expect("bye", STEP);
        assertThat(bob.awaitExit(STEP)).isZero();

        alice.type("bob").expect("bob is offline", STEP);
        alice.type("are you there?").expect("alice: are you there? [queued]", STEP);
        alice.type("/leave").expect("chat with (username", STEP);

        PtySession bobAgain = start(net.home2a, "bob-again");
        bobAgain.expect("log in or register?", START).type("l").type("bob").type("123");
        bobAgain.expect("new message from alice (sent while you were offline): are you there?", STEP);
        bobAgain.expect("logged in as bob", STEP);
        bobAgain.type("q").expect("bye", STEP);
        alice.type("q").expect("bye", STEP);
        assertThat(bobAgain.awaitExit(STEP)).isZero();
        assertThat(alice.awaitExit(STEP)).isZero();
        for (PtySession s : List.of(alice, bob, bobAgain)) {
            assertThat(s.screen()).doesNotContain("Exception", "\tat ");
        }
    }

    @Test
    void twoMachinesInOneHome_chatLive_throughARelayThenOverTheirLan() throws Exception {
        // each advertises its relays first, then its LAN address: the chat starts through a relay
        // and the hole punch, which offers the LAN addresses too, moves it onto the LAN
        PtySession alice = logIn(net.home1a, "alice");
        PtySession eve = logIn(net.home1b, "eve");
        eve.type("alice").expect("alice is online", STEP);
        eve.type("hi from the kitchen");
        alice.expect("new message from eve: hi from the kitchen", STEP);
        alice.type("eve").expect("eve is online", STEP);
        alice.type("hi from upstairs");
        eve.expect("alice: hi from upstairs", STEP);
        long deadline = System.nanoTime() + STEP.toNanos();
        while (net.home1b.establishedPeers().stream().noneMatch(p -> p.startsWith("10.1.0.2:"))
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(net.home1b.establishedPeers())
                .as("the punch found the LAN: a connection straight to the other machine")
                .anyMatch(p -> p.startsWith("10.1.0.2:"));
        for (PtySession s : List.of(alice, eve)) {
            s.type("/leave").expect("chat with (username", STEP);
            s.type("q").expect("bye", STEP);
            assertThat(s.awaitExit(STEP)).isZero();
        }
    }

    private String whoami(LabHost host, String user) throws Exception {
        SupernodeProcess p = SupernodeProcess.start(
                host::command,
                Files.createDirectories(home.resolve(user)),
                Map.of("CONFCHAT_PASSWORD", "123", "CONFCHAT_BOOTSTRAP", SEED),
                "whoami",
                "-u",
                user);
        running.add(p);
        assertThat(p.awaitExit(START)).as("whoami of %s: %s", user, p.stderr()).isZero();
        return p.remainingStdout().get(0);
    }

    private PtySession logIn(LabHost host, String user) throws Exception {
        PtySession session = start(host, user);
        session.expect("log in or register?", START);
        session.type("l").type(user).type("123");
        session.expect("logged in as " + user, STEP).expect("chat with (username", STEP);
        return session;
    }

    private PtySession start(LabHost host, String name) throws Exception {
        Path nodeHome = Files.createDirectories(home.resolve(name));
        PtySession session = PtySession.start(host::command, name, nodeHome, "node", "--bootstrap", SEED);
        running.add(session);
        return session;
    }
}
