package io.confchat.chat.internal.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.confchat.api.PutFailedException;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.MessageId;
import io.confchat.chat.ConfChat;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.crypto.X25519KeyPair;
import io.confchat.chat.internal.records.RecordKeys;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.testing.SimCluster;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The history layout on a simulated DHT: appends, retention, and failures at every step. */
class HistoryStoreTest {
    private static final Random RANDOM = new Random(5);

    private final SimCluster cluster = SimCluster.of(6, 42, ConfChat::withChatRecordRules);
    private final FaultyDht dht = new FaultyDht(cluster.node(1));
    private final Account alice = account("alice");
    private int next;

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void appends_areReadBackInOrder_fromAnotherNode() {
        HistoryStore store = store(8);
        List<ChatMessage> all = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            List<ChatMessage> batch = messages(1 + round * 3);
            all.addAll(batch);
            await(store.append(alice, "bob", batch));
        }

        HistoryStore elsewhere =
                new HistoryStore(cluster.node(3), new SecureRandom(), cluster.scheduler(), 8, Runnable::run);
        assertThat(await(elsewhere.read(alice, "bob"))).containsExactlyElementsOf(all);
        assertThat(await(elsewhere.recent(alice, "bob", 3))).endsWith(all.get(all.size() - 1));
        assertThat(await(elsewhere.read(alice, "carol"))).isEmpty();
    }

    @Test
    void aLongConversation_keepsItsNewestChunks_onBoundedPositions() {
        int retention = 3;
        HistoryStore store = store(retention);
        List<ChatMessage> all = new ArrayList<>();
        for (int round = 0; round < 12; round++) {
            List<ChatMessage> batch = messages(400, 200); // about 1.5 chunks each
            all.addAll(batch);
            await(store.append(alice, "bob", batch));
        }

        List<ChatMessage> saved = await(store.read(alice, "bob"));
        assertThat(saved.size()).isLessThan(all.size());
        assertThat(all).endsWith(saved.toArray(ChatMessage[]::new)); // the newest, in order
        assertThat(saved.size()).isGreaterThan(2 * 200); // at least two full chunks kept
        long positionsUsed = IntStream.range(0, 64)
                .filter(p -> !cluster.node(2)
                        .storedRecords(RecordKeys.historyChunk(alice.storageKey(), "bob", p))
                        .isEmpty())
                .count();
        assertThat(positionsUsed).isLessThanOrEqualTo(retention + HistoryStore.CHUNKS_PER_APPEND);
    }

    @Test
    void aFailedPutAtAnyStepOfAnAppend_wedgesNothing_andLosesNothing() {
        HistoryStore store = store(64);
        List<ChatMessage> all = new ArrayList<>(messages(5));
        await(store.append(alice, "bob", all));
        for (int failAt = 0; failAt < 4; failAt++) {
            List<ChatMessage> batch = messages(400, 200); // two chunks: puts = chunk, chunk, index
            dht.failPutNumber(failAt);
            Throwable failed = catchThrowable(() -> await(store.append(alice, "bob", batch)));
            if (failed != null) {
                assertThat(failed).hasRootCauseInstanceOf(PutFailedException.class);
                await(store.append(alice, "bob", batch)); // the retry of a failed append
            }
            all.addAll(batch);
        }

        List<ChatMessage> saved = await(store.read(alice, "bob"));
        List<String> missing =
                texts(all).stream().filter(t -> !texts(saved).contains(t)).toList();
        assertThat(missing).as("lost").isEmpty();
        assertThat(texts(saved)).as("in order, once each").containsExactlyElementsOf(texts(all));
        assertThat(dht.failures()).isEqualTo(4);
    }

    private static List<String> texts(List<ChatMessage> messages) {
        return messages.stream()
                .map(m -> m.text().substring(0, Math.min(14, m.text().length())))
                .toList();
    }

    private HistoryStore store(int retention) {
        return new HistoryStore(dht, new SecureRandom(), cluster.scheduler(), retention, Runnable::run);
    }

    private <T> T await(CompletableFuture<T> f) {
        return cluster.scheduler().await(f, Duration.ofMinutes(5));
    }

    private List<ChatMessage> messages(int n) {
        return messages(n, 20);
    }

    private List<ChatMessage> messages(int n, int textLength) {
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ChatMessage(
                    MessageId.random(RANDOM),
                    i % 2 == 0 ? "alice" : "bob",
                    i % 2 == 0 ? "bob" : "alice",
                    Instant.ofEpochMilli(1_700_000_000_000L + next),
                    "message " + next++ + " " + "x".repeat(textLength),
                    false));
        }
        return out;
    }

    private static Account account(String name) {
        SecureRandom r = new SecureRandom();
        byte[] storage = new byte[32];
        r.nextBytes(storage);
        return new Account(name, Ed25519KeyPair.generate(r), X25519KeyPair.generate(r), storage);
    }
}
