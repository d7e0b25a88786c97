package io.confchat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group chat typed into real terminals: alice creates #friends with bob and carol, they join,
 * talk in it through the conversation switcher ({@code /chat #friends}), alice removes carol, and
 * the mistakes a person makes with groups get messages they can act on.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class GroupChatIT {
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
    void aliceBobAndCarol_talkInAGroup_andAliceRemovesCarol() throws Exception {
        network = CliNetwork.start(home);
        PtySession alice = network.node("alice");
        CliNetwork.logIn(alice, "alice", "123");
        PtySession bob = network.node("bob");
        CliNetwork.logIn(bob, "bob", "123");
        PtySession carol = network.node("carol");
        CliNetwork.logIn(carol, "carol", "123");

        alice.type("/group create friends bob carol").expect("created #friends (alice (admin), bob, carol)", STEP);
        bob.expect("alice invited you to #friends", STEP).expect("/group join #friends accepts", STEP);
        bob.type("/group join #friends").expect("joined #friends", STEP);
        carol.expect("alice invited you to #friends", STEP);
        carol.type("/group join friends").expect("joined #friends", STEP);

        alice.type("/chat #friends").expect("--- #friends: alice (admin), bob, carol ---", STEP);
        alice.type("hello friends");
        bob.expect("new message in #friends from alice: hello friends", STEP);
        carol.expect("new message in #friends from alice: hello friends", STEP);
        bob.type("/chat #friends").expect("alice: hello friends", STEP);
        bob.type("hi all");
        alice.expect("bob: hi all", STEP);
        carol.expect("new message in #friends from bob: hi all", STEP);
        alice.type("/chats").expect("#friends  group  (shown)", STEP);

        alice.type("/group remove carol").expect("removed: #friends is now alice (admin), bob", STEP);
        carol.expect("alice removed you", STEP);
        bob.expect("#friends: alice removed carol", STEP);
        alice.type("only for bob now");
        bob.expect("alice: only for bob now", STEP);
        bob.type("/leave").expect("chat with (username", STEP);

        // mistakes
        carol.type("/group frobnicate").expect("no group action 'frobnicate'", STEP);
        carol.type("/group invite").expect("usage: group invite GROUP USER", STEP);
        carol.type("/chat #nosuchgroup").expect("you have no group #nosuchgroup", STEP);
        bob.type("/group remove #friends alice").expect("only an admin of the group can change its members", STEP);
        assertThat(carol.screen()).doesNotContain("only for bob now");

        for (PtySession s : new PtySession[] {alice, bob, carol}) {
            s.type("/quit").expect("bye", STEP);
            assertThat(s.awaitExit(STEP)).isZero();
            assertThat(s.screen()).doesNotContain("Exception", "\tat ");
        }
    }
}
