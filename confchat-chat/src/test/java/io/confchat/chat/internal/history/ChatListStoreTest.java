package io.confchat.chat.internal.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.chat.ConfChat;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.crypto.X25519KeyPair;
import io.confchat.chat.internal.proto.ChatEntry;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.testing.SimCluster;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The chat list on a simulated DHT: two writers at once, a failed write, pins. */
class ChatListStoreTest {
    private final SecureRandom random = new SecureRandom();
    private final SimCluster cluster = SimCluster.of(6, 7, ConfChat::withChatRecordRules);
    private final Account alice = account();
    /** Two devices of alice's, on two nodes. */
    private final ChatListStore phone = new ChatListStore(cluster.node(1), random, cluster.scheduler());

    private final FaultyDht laptopDht = new FaultyDht(cluster.node(4));
    private final ChatListStore laptop = new ChatListStore(laptopDht, random, cluster.scheduler());

    @AfterEach
    void stop() {
        cluster.close();
    }

    @RepeatedTest(10) // the replicas each write reaches first differ from run to run
    void twoDevicesUpdatingAtOnce_bothChangesLand() {
        CompletableFuture<PinCheck> onPhone = phone.record(alice, peer("bob"), now(), ChatActivity.OPENED);
        CompletableFuture<PinCheck> onLaptop = laptop.record(alice, peer("carol"), now(), ChatActivity.OPENED);
        await(onPhone);
        await(onLaptop);

        ChatListStore elsewhere = new ChatListStore(cluster.node(2), random, cluster.scheduler());
        assertThat(await(elsewhere.read(alice))).containsOnlyKeys("bob", "carol");
    }

    @Test
    void manyRoundsOfConcurrentUpdates_loseNoPeer() {
        for (int round = 0; round < 6; round++) {
            CompletableFuture<PinCheck> a = phone.record(alice, peer("p" + round), now(), ChatActivity.EXCHANGED);
            CompletableFuture<PinCheck> b = laptop.record(alice, peer("l" + round), now(), ChatActivity.EXCHANGED);
            await(a);
            await(b);
        }
        assertThat(await(new ChatListStore(cluster.node(3), random, cluster.scheduler()).read(alice)))
                .containsOnlyKeys("p0", "p1", "p2", "p3", "p4", "p5", "l0", "l1", "l2", "l3", "l4", "l5");
    }

    @Test
    void aChangeWhoseWriteFailed_goesOutWithTheNextUpdate() {
        laptopDht.losePutNumber(0);
        CompletableFuture<PinCheck> failed = laptop.record(alice, peer("bob"), now(), new ChatActivity.Unread(3));
        cluster.scheduler().await(failed.handle((c, e) -> e), Duration.ofMinutes(1));
        assertThat(failed).isCompletedExceptionally();

        await(laptop.record(alice, peer("carol"), now(), ChatActivity.OPENED));

        Map<String, ChatEntry> read = await(phone.read(alice));
        assertThat(read).containsOnlyKeys("bob", "carol");
        assertThat(read.get("bob").getUnread()).isEqualTo(3);
    }

    @Test
    void aPinAcceptedOnOneDevice_replacesTheOldPin_afterAConcurrentUpdateOnAnother() {
        UserKeys first = peer("bob");
        await(phone.record(alice, first, now(), ChatActivity.OPENED));
        cluster.scheduler().advance(Duration.ofSeconds(1));
        UserKeys recreated = peer("bob");
        CompletableFuture<Map<String, ChatEntry>> accepted = laptop.pin(alice, recreated, now());
        CompletableFuture<PinCheck> activity = phone.record(alice, first, now(), new ChatActivity.Unread(1));
        await(accepted);
        await(activity);

        ChatEntry bob = await(new ChatListStore(cluster.node(5), random, cluster.scheduler()).read(alice))
                .get("bob");
        assertThat(bob.getPinnedIdentityKey().toByteArray()).isEqualTo(recreated.identityKey());
    }

    private Instant now() {
        return cluster.scheduler().now();
    }

    private <T> T await(CompletableFuture<T> f) {
        return cluster.scheduler().await(f, Duration.ofMinutes(1));
    }

    private UserKeys peer(String name) {
        return new UserKeys(
                name,
                Ed25519KeyPair.generate(random).publicKey(),
                X25519KeyPair.generate(random).publicKey());
    }

    private Account account() {
        byte[] storage = new byte[32];
        random.nextBytes(storage);
        return new Account("alice", Ed25519KeyPair.generate(random), X25519KeyPair.generate(random), storage);
    }
}
