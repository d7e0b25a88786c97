package io.confchat.chat.internal.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.DhtKey;
import io.confchat.api.LookupOptions;
import io.confchat.api.ReplicaAnswer;
import io.confchat.chat.ConfChat;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.crypto.X25519KeyPair;
import io.confchat.chat.sim.ForwardingDht;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.testing.SimCluster;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Key backups on a simulated DHT whose nodes apply the chat record rules and default quotas. */
class GroupKeysStoreTest {
    private static final String GROUP = "00".repeat(32);

    private final SecureRandom random = new SecureRandom();
    private final SimCluster cluster = SimCluster.of(6, 11, ConfChat::withChatRecordRules);
    private final Account alice = account();

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void theLargestBackup_isStored_andTheNextReplacesIt() {
        GroupKeysStore phone = new GroupKeysStore(cluster.node(1), random, cluster.scheduler());
        byte[] first = bytes(GroupKeysStore.MAX_PLAINTEXT_BYTES);
        byte[] second = bytes(GroupKeysStore.MAX_PLAINTEXT_BYTES);

        await(phone.write(alice, GROUP, first));
        await(phone.write(alice, GROUP, second));

        GroupKeysStore.Stored read = await(
                        new GroupKeysStore(cluster.node(4), random, cluster.scheduler()).read(alice, GROUP))
                .orElseThrow();
        assertThat(read.plaintext()).isEqualTo(second);
    }

    /**
     * A backup written after a read that found nothing (the storing nodes withheld it) replaces
     * one written before all the same: a leave's tombstone written so must not stay below the
     * backup of before the leave. Fails with sequence numbers counted from the read alone
     * (checked: the blind write gets sequence 1, and the nodes holding 2 refuse it).
     */
    @Test
    void aBackupWrittenAfterABlindRead_replacesTheOlderOne() {
        GroupKeysStore phone = new GroupKeysStore(cluster.node(1), random, cluster.scheduler());
        await(phone.write(alice, GROUP, bytes(100)));
        await(phone.write(alice, GROUP, bytes(100)));
        cluster.scheduler().advance(Duration.ofMinutes(1));
        GroupKeysStore blind = new GroupKeysStore(
                new ForwardingDht(cluster.node(2)) {
                    @Override
                    public CompletableFuture<List<ReplicaAnswer>> answers(DhtKey key, LookupOptions options) {
                        return CompletableFuture.completedFuture(List.of()); // withheld
                    }
                },
                random,
                cluster.scheduler());
        byte[] tombstone = bytes(100);

        await(blind.write(alice, GROUP, tombstone));

        GroupKeysStore.Stored read = await(
                        new GroupKeysStore(cluster.node(4), random, cluster.scheduler()).read(alice, GROUP))
                .orElseThrow();
        assertThat(read.plaintext()).isEqualTo(tombstone);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private <T> T await(CompletableFuture<T> f) {
        return cluster.scheduler().await(f, Duration.ofMinutes(1));
    }

    private Account account() {
        byte[] storage = new byte[32];
        random.nextBytes(storage);
        return new Account("alice", Ed25519KeyPair.generate(random), X25519KeyPair.generate(random), storage);
    }
}
