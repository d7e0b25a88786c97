package io.confchat.chat.internal.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.PutResult;
import io.confchat.api.SignedRecord;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.MessageId;
import io.confchat.api.chat.PeerUnreachableException;
import io.confchat.chat.ConfChat;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.crypto.X25519KeyPair;
import io.confchat.chat.sim.ForwardingDht;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.testing.SimCluster;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sender's side of the inbox on a simulated network: what is put, and put again. */
class OutboxTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SimCluster cluster = SimCluster.of(5, 23, ConfChat::withChatRecordRules);
    private final Account alice = account("alice");
    private final Account bob = account("bob");
    /** While set, every put of the sender's node fails as on a network where no node stored it. */
    private final AtomicBoolean failing = new AtomicBoolean();

    private final Outbox outbox = new Outbox(
            new ForwardingDht(cluster.node(0)) {
                @Override
                public CompletableFuture<PutResult> put(SignedRecord record) {
                    return failing.get()
                            ? CompletableFuture.failedFuture(new IllegalStateException("no node answered"))
                            : super.put(record);
                }
            },
            new SecureRandom(),
            d -> {});

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void aGroupItemWhosePutFailed_isPutAgainAtTheNextPoll() {
        ChatMessage carrier = new ChatMessage(
                MessageId.random(RANDOM), "alice", "bob", cluster.scheduler().now(), "", false);
        failing.set(true);

        CompletableFuture<Void> first = outbox.sendGroup(alice, bob.publicKeys(), carrier, new byte[] {1, 2, 3});
        assertThat(catchFailure(first)).isInstanceOf(PeerUnreachableException.class);
        assertThat(outbox.pendingCount())
                .as("the item carries a chain nothing else carries")
                .isEqualTo(1);
        SignedRecord item =
                InboxSeal.sealGroup(alice, bob.publicKeys(), carrier, new byte[] {1, 2, 3}, new SecureRandom());
        assertThat(await(cluster.node(3).get(item.key()))).isEmpty();

        failing.set(false);
        await(outbox.poll());

        assertThat(await(cluster.node(3).get(item.key())))
                .as("in bob's inbox now")
                .isNotEmpty();
        assertThat(outbox.pendingCount()).as("until bob acknowledges it").isEqualTo(1);
    }

    private Throwable catchFailure(CompletableFuture<?> f) {
        try {
            await(f);
            throw new AssertionError("expected a failure");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    private <T> T await(CompletableFuture<T> f) {
        return cluster.scheduler().await(f, Duration.ofMinutes(5));
    }

    private static Account account(String name) {
        byte[] storageKey = new byte[32];
        RANDOM.nextBytes(storageKey);
        return new Account(name, Ed25519KeyPair.generate(RANDOM), X25519KeyPair.generate(RANDOM), storageKey);
    }
}
