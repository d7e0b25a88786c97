package io.confchat.chat.internal.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.MessageId;
import io.confchat.chat.ConfChat;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.account.Accounts;
import io.confchat.chat.internal.account.PasswordPolicy;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.crypto.X25519KeyPair;
import io.confchat.chat.internal.history.ChatActivity;
import io.confchat.chat.internal.history.ChatListStore;
import io.confchat.chat.internal.history.HistoryStore;
import io.confchat.dht.DhtConfig;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.testing.SimCluster;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A user's long-lived records over more than their year-long lifetime, on a simulated DHT with
 * manual time: with the republisher checking daily they all live on; without it they expire.
 */
class RepublisherTest {
    private static final String PASSWORD = "a long enough password";
    private static final Duration DAY = Duration.ofDays(1);

    private final SecureRandom random = new SecureRandom();
    /** The DHT's own upkeep weekly and daily (not every minute), so that 400 days pass quickly. */
    private static final DhtConfig SLOW_UPKEEP = DhtConfig.builder()
            .bucketRefresh(Duration.ofDays(7))
            .maintenanceInterval(Duration.ofDays(1))
            .replicationInterval(Duration.ofDays(7))
            .republishInterval(Duration.ofDays(7))
            .build();

    private final SimCluster cluster =
            SimCluster.of(5, 31, node -> ConfChat.withChatRecordRules(node.config(SLOW_UPKEEP)));
    private final Accounts accounts =
            new Accounts(cluster.node(0), Runnable::run, random, 4, new PasswordPolicy(false));
    private final ChatListStore chatList = new ChatListStore(cluster.node(0), random, cluster.scheduler());
    private final HistoryStore history =
            new HistoryStore(cluster.node(0), random, cluster.scheduler(), 8, Runnable::run);
    private final List<ChatMessage> said = messages(5);
    private Account alice;

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void withDailyChecks_theAccountChatListAndHistoryOutliveTheirLifetime() {
        setUp();
        Republisher republisher =
                new Republisher(accounts, chatList, history, cluster.scheduler(), alice, Duration.ofDays(90), DAY);
        republisher.start();

        passDays(400);
        republisher.stop();

        assertThat(await(accounts.login("alice", PASSWORD)).identity().publicKey())
                .isEqualTo(alice.identity().publicKey());
        assertThat(await(chatList.read(alice))).containsOnlyKeys("bob");
        assertThat(await(history.read(alice, "bob"))).containsExactlyElementsOf(said);
    }

    @Test
    void withoutThem_theyExpireAfterAYear() {
        setUp();

        passDays(400);

        assertThat(await(chatList.read(alice))).isEmpty();
        assertThat(await(history.read(alice, "bob"))).isEmpty();
    }

    @Test
    void aCheck_writesAgainOnlyWhatIsOlderThanTheRefreshAge() {
        setUp();
        passDays(10);
        assertThat(await(history.refresh(alice, "bob", cluster.scheduler().now().minus(Duration.ofDays(90)))))
                .isZero();
        passDays(85);
        assertThat(await(history.refresh(alice, "bob", cluster.scheduler().now().minus(Duration.ofDays(90)))))
                .isEqualTo(1);
        assertThat(await(history.refresh(alice, "bob", cluster.scheduler().now().minus(Duration.ofDays(90)))))
                .as("just written again")
                .isZero();
        assertThat(await(history.read(alice, "bob"))).containsExactlyElementsOf(said);
    }

    private void setUp() {
        await(accounts.register("alice", PASSWORD));
        alice = await(accounts.login("alice", PASSWORD));
        UserKeys bob = new UserKeys(
                "bob",
                Ed25519KeyPair.generate(random).publicKey(),
                X25519KeyPair.generate(random).publicKey());
        await(chatList.record(alice, bob, cluster.scheduler().now(), ChatActivity.OPENED));
        await(history.append(alice, "bob", said));
    }

    private void passDays(int days) {
        for (int i = 0; i < days; i++) {
            cluster.scheduler().advance(DAY);
        }
    }

    private <T> T await(CompletableFuture<T> f) {
        return cluster.scheduler().await(f, Duration.ofMinutes(5));
    }

    private List<ChatMessage> messages(int n) {
        Random r = new Random(3);
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ChatMessage(
                    MessageId.random(r),
                    "alice",
                    "bob",
                    cluster.scheduler().now().plusSeconds(i).truncatedTo(ChronoUnit.MILLIS),
                    "text " + i,
                    false));
        }
        return out;
    }
}
