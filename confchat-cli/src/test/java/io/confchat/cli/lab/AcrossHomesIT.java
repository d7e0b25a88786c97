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
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Users at home, behind NAT routers, with default flags ({@code node --bootstrap <supernode>}),
 * on the {@link HomesTopology}: the supernode and the public node relay. The README's story
 * between two homes (one behind a random-port NAT, where hole punching cannot work: the chat stays
 * on a relay); a hole punch between two port-preserving NATs that moves the chat to a direct
 * connection; one home cut off for a while; the relay in use killed mid-conversation. Every text
 * must show exactly once at its recipient. The tests run in order on one lab (the last one kills a
 * relay).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AcrossHomesIT {
    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration STEP = Duration.ofSeconds(30);
    private static final Duration RECOVERY = Duration.ofSeconds(90);
    private static final String SEED = HomesTopology.SUPERNODE_IP + ":4000";
    private static final String PUBLIC_RELAY = HomesTopology.PUBLIC_NODE_IP + ":4000";

    private static HomesTopology net;
    private static final List<SupernodeProcess> servers = new ArrayList<>();

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
        assertThat(supernode.awaitLine("listening on", START))
                .as("the first node has nobody to ask whether it is reachable yet")
                .isEqualTo(SEED + " (reachable: not checked yet; relay: on)");
        SupernodeProcess second = SupernodeProcess.start(
                net.publicNode::command, serverHome, Map.of(), "supernode", "--port", "4000", "--bootstrap", SEED);
        servers.add(second);
        assertThat(second.awaitLine("listening on", START))
                .as("the supernode dialed it back")
                .isEqualTo(PUBLIC_RELAY + " (reachable: yes; relay: on)");
    }

    @AfterAll
    static void stopPublicNodes() throws Exception {
        for (SupernodeProcess s : servers) {
            s.close();
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
    @Order(1)
    void readmeStory_betweenTwoHomes_liveBothWays_leave_offlineMessage_andTheOtherMachineAtHome() throws Exception {
        PtySession bob = logIn(net.home1a, "bob");
        PtySession alice = logIn(net.home2a, "alice");
        alice.type("bob").expect("bob is online: you are connected through a relay", STEP);
        alice.type("hello bob");
        bob.expect("alice wants to chat", STEP).expect("new message from alice: hello bob", STEP);
        bob.type("alice").expect("alice is online: you are connected through a relay", STEP);
        bob.type("hi alice");
        alice.expect("bob: hi alice", STEP);
        assertThat(net.home1a.establishedPeers())
                .as("behind alice's random-port NAT no hole punch works: no direct connection")
                .noneMatch(p -> p.startsWith(HomesTopology.ROUTER2_WAN_IP + ":"));

        bob.type("/leave").expect("chat with (username", STEP);
        alice.expect("bob left the chat", STEP);
        bob.type("q").expect("bye", STEP);
        assertThat(bob.awaitExit(STEP)).isZero();
        alice.type("are you there?").expect("alice: are you there? [queued]", STEP);
        alice.type("/leave").expect("chat with (username", STEP);

        PtySession bobUpstairs = start(net.home1b, "bob-upstairs");
        bobUpstairs.expect("log in or register?", START).type("l").type("bob").type("123");
        bobUpstairs.expect("new message from alice (sent while you were offline): are you there?", STEP);
        bobUpstairs.expect("chat with (username", STEP).type("alice");
        bobUpstairs
                .expect("alice: hello bob", STEP)
                .expect("bob: hi alice", STEP)
                .expect("alice: are you there?", STEP);
        bobUpstairs.type("/leave").expect("chat with (username", STEP).type("q").expect("bye", STEP);
        alice.type("q").expect("bye", STEP);
        for (PtySession s : List.of(alice, bob, bobUpstairs)) {
            assertThat(s.screen()).doesNotContain("Exception", "\tat ");
        }
        assertThat(count(alice.screen(), "bob: hi alice")).isEqualTo(1);
    }

    @Test
    @Order(2)
    void holePunch_betweenTwoPortPreservingNats_movesTheChatToADirectConnection_losingNothing() throws Exception {
        PtySession carol = logIn(net.home1a, "carol");
        PtySession dave = logIn(net.home3a, "dave");
        dave.type("carol").expect("carol is online", STEP);
        dave.type("first, through a relay");
        carol.expect("new message from dave: first, through a relay", STEP);
        carol.type("dave").expect("dave is online", STEP);
        // texts both ways while the punch runs and the session moves
        for (int i = 1; i <= 5; i++) {
            dave.type("d" + i);
            carol.type("c" + i);
        }
        await(
                () -> net.home1a.establishedPeers().stream()
                        .anyMatch(p -> p.startsWith(HomesTopology.ROUTER3_WAN_IP + ":")),
                STEP,
                "a TCP connection from home1 straight to home3's router (the punched path)");
        dave.type("after the move");
        carol.expect("dave: after the move", STEP);
        carol.type("got it");
        dave.expect("carol: got it", STEP);
        for (int i = 1; i <= 5; i++) {
            awaitShown(carol, "dave: d" + i);
            awaitShown(dave, "carol: c" + i);
        }
        for (int i = 1; i <= 5; i++) {
            assertThat(count(carol.screen(), "dave: d" + i))
                    .as("d%s shown once", i)
                    .isEqualTo(1);
            assertThat(count(dave.screen(), "carol: c" + i))
                    .as("c%s shown once", i)
                    .isEqualTo(1);
        }
        assertThat(count(carol.screen(), "dave wants to chat"))
                .as("the move is no new chat request")
                .isEqualTo(1);
        leaveAndQuit(carol, dave);
    }

    @Test
    @Order(3)
    void oneHomeCutOffForAWhile_recoversPresenceInboxAndLiveChat() throws Exception {
        PtySession bob = logIn(net.home1a, "bob");
        PtySession alice = logIn(net.home2a, "alice");
        bob.type("alice").expect("alice is online", STEP);
        bob.type("before the cut");
        alice.expect("new message from bob: before the cut", STEP);
        alice.type("bob").expect("bob is online", STEP);

        net.lab.cutOff(net.router2);
        try {
            long cutAt = System.nanoTime();
            bob.type("during the cut");
            bob.expect("bob: during the cut [queued]", RECOVERY);
            Thread.sleep(Math.max(0, Duration.ofSeconds(40).toMillis() - (System.nanoTime() - cutAt) / 1_000_000));
        } finally {
            net.lab.reconnect(net.router2); // the later tests need alice's home online
        }

        alice.expect("bob: during the cut", RECOVERY);
        alice.type("i am back");
        bob.expect("alice: i am back", RECOVERY);
        bob.type("after the cut");
        alice.expect("bob: after the cut", STEP);
        assertThat(count(bob.screen(), "[queued]"))
                .as("only the text of the cut waited in the inbox")
                .isEqualTo(1);
        for (String t : List.of("during the cut", "after the cut")) {
            assertThat(count(alice.screen(), t)).as(t).isEqualTo(1);
        }
        bob.type("/leave").expect("chat with (username", STEP).type("r").expect("* online   alice", STEP);
        bob.type("q").expect("bye", STEP);
        alice.type("/leave").expect("chat with (username", STEP).type("q").expect("bye", STEP);
    }

    @Test
    @Order(4)
    void relayInUseKilledMidConversation_theChatFailsOverToTheOtherRelay_nothingLostOrDoubled() throws Exception {
        PtySession bob = logIn(net.home1a, "bob");
        PtySession alice = logIn(net.home2a, "alice");
        bob.type("alice").expect("alice is online", STEP);
        bob.type("one");
        alice.expect("new message from bob: one", STEP);
        alice.type("bob").expect("bob is online", STEP);
        // relayed endpoints are listed in address order: dialers use the public node's relay first
        assertThat(net.home2a.establishedPeers().stream().filter(PUBLIC_RELAY::equals))
                .as("alice's reservation and her leg of the circuit")
                .hasSizeGreaterThanOrEqualTo(2);

        bob.type("two");
        bob.type("three");
        assertThat(servers.get(1).kill(STEP)).as("the relay in use is killed").isTrue();
        bob.type("four");
        bob.type("five");
        for (String t : List.of("two", "three", "four", "five")) {
            awaitShown(alice, "bob: " + t);
        }
        alice.type("still here");
        bob.expect("alice: still here", STEP);
        for (String t : List.of("two", "three", "four", "five")) {
            assertThat(count(alice.screen(), "bob: " + t))
                    .as("'%s' shown exactly once", t)
                    .isEqualTo(1);
        }
        // the issue allows a text in flight to fall back to the inbox while the failover runs (it
        // did under load, once); what must hold: each shown once, and the chat live again after
        String screen = bob.screen();
        assertThat(screen.substring(screen.lastIndexOf("[bob] alice (")))
                .as("live again, through the other relay")
                .startsWith("[bob] alice (live)");
        assertThat(net.home2a.establishedPeers()).noneMatch(PUBLIC_RELAY::equals);
        leaveAndQuit(alice, bob);
    }

    private void leaveAndQuit(PtySession... sessions) throws Exception {
        for (PtySession s : sessions) {
            s.type("/leave").expect("chat with (username", STEP);
            s.type("q").expect("bye", STEP);
            assertThat(s.awaitExit(STEP)).isZero();
            assertThat(s.screen()).doesNotContain("Exception", "\tat ");
        }
    }

    private static int count(String screen, String text) {
        int n = 0;
        for (int at = screen.indexOf(text); at >= 0; at = screen.indexOf(text, at + text.length())) {
            n++;
        }
        return n;
    }

    /** Waits until {@code text} is anywhere on the screen (texts may arrive in another order). */
    private static void awaitShown(PtySession s, String text) throws InterruptedException {
        await(() -> s.screen().contains(text), RECOVERY, "'" + text + "' on the screen");
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    private PtySession logIn(LabHost host, String user) throws Exception {
        PtySession session = start(host, user);
        session.expect("log in or register?", START);
        session.type("l").type(user).type("123");
        session.expect("logged in as " + user, STEP).expect("chat with (username", STEP);
        awaitRelays(session);
        return session;
    }

    /**
     * Waits until the node behind its home router holds its relay reservations (what {@code /me}
     * shows), as a person would see before telling a friend to chat: until then its presence names
     * only its LAN address, and a dialer from another home finds nobody there.
     */
    private static void awaitRelays(PtySession session) throws Exception {
        for (int i = 0; i < 30; i++) {
            session.type("/me");
            try {
                session.expect("through relay", Duration.ofSeconds(2));
                return;
            } catch (AssertionError notYet) {
                // reachability not known yet, or no reservation yet: ask again
            }
        }
        throw new AssertionError("no relay reservation within a minute; screen:\n" + session.screen());
    }

    private PtySession start(LabHost host, String name) throws Exception {
        Path nodeHome = Files.createDirectories(home.resolve(name));
        PtySession session = PtySession.start(host::command, name, nodeHome, "node", "--bootstrap", SEED);
        running.add(session);
        return session;
    }
}
