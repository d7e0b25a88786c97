package io.confchat.chat.internal.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.PutResult;
import io.confchat.api.SignedRecord;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.MessageId;
import io.confchat.chat.ConfChat;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.crypto.X25519KeyPair;
import io.confchat.chat.internal.device.UnsavedHistory;
import io.confchat.chat.internal.history.HistoryStore;
import io.confchat.chat.internal.runtime.LoginSettings;
import io.confchat.chat.sim.ForwardingDht;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.testing.SimCluster;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When a conversation's messages are saved: pacing under a flood, a quiet conversation, flush. */
class HistoryWriterTest {
    private static final Random RANDOM = new Random(9);
    private static final LoginSettings SETTINGS = new LoginSettings(
            Duration.ofMinutes(2),
            Duration.ofMinutes(1),
            Duration.ofSeconds(30),
            500,
            Duration.ofSeconds(1),
            Duration.ofMinutes(1),
            Duration.ofSeconds(30),
            Duration.ofSeconds(10),
            Duration.ofDays(90),
            Duration.ofDays(1));

    private final SimCluster cluster = SimCluster.of(4, 17, ConfChat::withChatRecordRules);
    private final IndexCounter dht = new IndexCounter(cluster.node(0));
    private final Account alice = account();
    private final HistoryStore store =
            new HistoryStore(dht, new SecureRandom(), cluster.scheduler(), 64, Runnable::run);
    private final UnsavedHistory unsaved = new UnsavedHistory(48L * 1024 * 64);
    private final HistoryWriter writer = new HistoryWriter(store, cluster.scheduler(), SETTINGS, alice, "bob", unsaved);

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void aQuietConversation_isSavedAFlushIntervalAfterItsFirstUnsavedMessage() {
        writer.add(message(10));
        cluster.scheduler().advance(SETTINGS.historyFlushInterval().minusSeconds(1));
        assertThat(dht.indexPuts()).isZero();

        cluster.scheduler().advance(Duration.ofSeconds(5));
        assertThat(dht.indexPuts()).isEqualTo(1);
        assertThat(unsaved.isEmpty()).isTrue();
    }

    @Test
    void aFlood_isSavedAsItGrows_inRoundsSpacedByTheSaveInterval() {
        Duration flood = Duration.ofSeconds(30);
        long end = cluster.scheduler().nanoTime() + flood.toNanos();
        while (cluster.scheduler().nanoTime() < end) {
            for (int i = 0; i < 100; i++) {
                writer.add(message(100)); // 10,000 texts of 100 bytes a second
            }
            cluster.scheduler().advance(Duration.ofMillis(10));
        }

        int rounds = dht.indexPuts();
        assertThat(rounds).as("saved while it grows").isGreaterThan(5);
        long appendsPerRound = 1 + (48 * 1024 * 64) / (48 * 1024 * HistoryStore.CHUNKS_PER_APPEND);
        assertThat(rounds)
                .as("at most one round per save interval (each round of up to %d appends)", appendsPerRound)
                .isLessThanOrEqualTo((int) (flood.toSeconds() * appendsPerRound));
        assertThat(unsaved.dropped()).as("more than the retention flowed").isPositive();
    }

    @Test
    void flush_savesEverythingWaiting_atOnce() {
        for (int i = 0; i < 20; i++) {
            writer.add(message(10));
        }
        assertThat(cluster.scheduler().await(writer.flush(), Duration.ofMinutes(1)))
                .isTrue();
        assertThat(unsaved.isEmpty()).isTrue();
        assertThat(cluster.scheduler().await(store.read(alice, "bob"), Duration.ofMinutes(1)))
                .hasSize(20);
    }

    private static ChatMessage message(int length) {
        return new ChatMessage(MessageId.random(RANDOM), "alice", "bob", Instant.EPOCH, "x".repeat(length), false);
    }

    private static Account account() {
        SecureRandom r = new SecureRandom();
        return new Account("alice", Ed25519KeyPair.generate(r), X25519KeyPair.generate(r), new byte[32]);
    }

    /** Counts the puts of history indexes (one per append). */
    private static final class IndexCounter extends ForwardingDht {
        private static final byte[] INDEX = "index".getBytes(StandardCharsets.US_ASCII);
        private final AtomicInteger indexPuts = new AtomicInteger();

        IndexCounter(KademliaNode node) {
            super(node);
        }

        int indexPuts() {
            return indexPuts.get();
        }

        @Override
        public CompletableFuture<PutResult> put(SignedRecord record) {
            if (Arrays.equals(record.slot(), INDEX)) {
                indexPuts.incrementAndGet();
            }
            return super.put(record);
        }
    }
}
