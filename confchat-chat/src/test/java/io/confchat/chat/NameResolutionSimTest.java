package io.confchat.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.protobuf.ByteString;
import io.confchat.api.DhtKey;
import io.confchat.api.SignedRecord;
import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.NameUnconfirmedException;
import io.confchat.api.chat.UnknownUserException;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.crypto.X25519KeyPair;
import io.confchat.chat.internal.proto.UserRecord;
import io.confchat.chat.internal.records.Payloads;
import io.confchat.chat.internal.records.RecordKeys;
import io.confchat.chat.internal.records.RecordTypes;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.internal.sim.SeededRandom;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Who a name is, when its replicas are slow or hold no copy, on the simulated network (manual
 * time): a registered name whose replicas drop or delay their answers, or answer without a copy,
 * is "could not confirm" ({@link NameUnconfirmedException}), never "no user named"; a name nobody
 * registered is still {@link UnknownUserException}; a name claimed by one hostile node alone is
 * still nobody's.
 */
class NameResolutionSimTest {
    private static final String PASSWORD = "a long enough password";
    private static final long SEED = 20261130L;

    private final ChatSim sim = new ChatSim(SEED, 6);

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void aRegisteredName_whoseReplicasDelayEveryAnswer_isUnconfirmed_andOpensOnceTheyAnswer() {
        ChatClient bob = loggedIn("bob");
        registered("alice");

        sim.network().delays(Duration.ofSeconds(5), Duration.ofSeconds(5)); // past every RPC timeout
        Throwable slow = failureOf(bob.open("alice"));
        sim.network().delays(Duration.ZERO, Duration.ZERO);

        assertThat(slow)
                .isInstanceOf(NameUnconfirmedException.class)
                .isNotInstanceOf(UnknownUserException.class)
                .hasMessage("could not confirm the user 'alice' right now"
                        + " (none of the nodes holding the name answered); try again");
        assertThat(sim.await(bob.open("alice")).peer()).as("trying again works").isEqualTo("alice");
    }

    @Test
    void aRegisteredName_whoseReplicasDropEveryAnswer_isUnconfirmed() {
        ChatClient bob = loggedIn("bob");
        registered("alice");

        sim.network().dropRate(1.0);
        Throwable dropped = failureOf(bob.open("alice"));
        sim.network().dropRate(0.0);

        assertThat(dropped).isInstanceOf(NameUnconfirmedException.class).hasMessageContaining("try again");
    }

    @Test
    void aRegisteredName_thatTooFewAnsweringReplicasHold_isUnconfirmed_notUnknown() {
        ChatClient bob = loggedIn("bob");
        registered("alice");
        DhtKey key = RecordKeys.user("alice");
        // every replica but two answers without a copy (as nodes that joined near the name before
        // their hand-off do); bob's own node is one of those without
        List<KademliaNode> nodes = sim.nodes();
        for (int i = 2; i < nodes.size(); i++) {
            sim.store(nodes.get(i)).serveInstead(key, List.of());
        }
        assertThat(nodes.subList(0, 2)).doesNotContain(Internals.node(bob));

        Throwable failure = failureOf(bob.open("alice"));

        assertThat(failure)
                .isInstanceOf(NameUnconfirmedException.class)
                .hasMessage("could not confirm the user 'alice' right now (2 of the " + (nodes.size() - 1)
                        + " nodes that answered for the name hold its record, 3 must); try again");
        // (bob's own node, without a copy, is not counted: it may not have been handed one yet)
    }

    @Test
    void aNameNobodyRegistered_isStillNoUserNamed() {
        ChatClient bob = loggedIn("bob");
        registered("alice");

        Throwable failure = failureOf(bob.open("zed"));

        assertThat(failure).isInstanceOf(UnknownUserException.class).hasMessage("there is no user named 'zed'");
    }

    @Test
    void aNameNobodyRegistered_claimedByOneHostileNodeAlone_isNobodys() {
        ChatClient bob = loggedIn("bob");
        registered("alice");
        SignedRecord genuine = sim.store(sim.servers().get(0))
                .genuine(RecordKeys.user("alice"))
                .get(0);
        SignedRecord forged = claim("zed", genuine);
        sim.store(sim.servers().get(0)).alsoServe(forged);

        Throwable failure = failureOf(bob.open("zed"));

        // accepting it would open a chat with the attacker's key under a name nobody registered
        assertThat(failure)
                .as("one replica's claim is never someone's")
                .isInstanceOf(NameUnconfirmedException.class)
                .hasMessageContaining("1 of the");
    }

    @Test
    void aLoginWhoseReadReachesNoReplica_isUnconfirmed_notAWrongPassword() {
        registered("alice");
        ChatClient device = sim.client(); // a new device; its node's own copy hidden
        sim.store(Internals.node(device)).serveInstead(RecordKeys.user("alice"), List.of());

        sim.network().dropRate(1.0);
        Throwable failure = failureOf(device.login("alice", PASSWORD));
        sim.network().dropRate(0.0);

        assertThat(failure)
                .isInstanceOf(NameUnconfirmedException.class)
                .hasMessage("could not reach the nodes holding the account 'alice' right now; try again");
        sim.await(device.login("alice", PASSWORD));
        assertThat(device.currentUser()).contains("alice");
    }

    private ChatClient registered(String name) {
        ChatClient c = sim.client();
        sim.await(c.register(name, PASSWORD));
        return c;
    }

    private ChatClient loggedIn(String name) {
        ChatClient c = registered(name);
        sim.await(c.login(name, PASSWORD));
        return c;
    }

    private Throwable failureOf(CompletableFuture<?> f) {
        Throwable t = catchThrowable(() -> sim.await(f));
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    /** A well-formed user record for {@code name}, with keys of an attacker's own, signed by it. */
    private static SignedRecord claim(String name, SignedRecord template) {
        SecureRandom random = SeededRandom.of(SEED);
        Account attacker =
                new Account(name, Ed25519KeyPair.generate(random), X25519KeyPair.generate(random), new byte[32]);
        UserRecord user = Payloads.user(template).orElseThrow().toBuilder()
                .setUsername(name)
                .setIdentityKey(ByteString.copyFrom(attacker.identity().publicKey()))
                .setInboxKey(ByteString.copyFrom(attacker.inbox().publicKey()))
                .build();
        return attacker.signer()
                .sign(
                        RecordKeys.user(name),
                        RecordTypes.USER,
                        new byte[0],
                        1,
                        RecordTypes.LONG_LIVED.toSeconds(),
                        user.toByteArray());
    }
}
