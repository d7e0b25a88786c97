package io.confchat.chat.internal.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.MessageId;
import io.confchat.chat.ConfChat;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.account.Resolution;
import io.confchat.chat.internal.crypto.X25519KeyPair;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.testing.SimCluster;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The recipient's reading of its inbox on a simulated network. */
class InboxReaderTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SimCluster cluster = SimCluster.of(5, 17, ConfChat::withChatRecordRules);
    private final Account alice = account("alice");
    private final Account bob = account("bob");
    private final InboxReader reader = new InboxReader(
            cluster.node(0),
            cluster.scheduler(),
            name -> CompletableFuture.completedFuture(
                    new Resolution(Resolution.Status.OWNED, Optional.of(bob.publicKeys()), 5, 5, List.of())));

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void aMessageSignedLongerAgoThanAnItemCanLive_isAReplay_settledNotShown() {
        ChatMessage recent = message("from last week", Duration.ofDays(7));
        ChatMessage replayed = message("from last spring", InboxReader.MAX_AGE.plusDays(1));
        await(cluster.node(1).put(InboxSeal.seal(bob, alice.publicKeys(), recent)));
        await(cluster.node(1).put(InboxSeal.seal(bob, alice.publicKeys(), replayed)));

        InboxReader.Batch batch = await(reader.read(alice, o -> false));

        assertThat(batch.arrivals()).extracting(a -> a.message().text()).containsExactly("from last week");
        assertThat(batch.settled()).hasSize(1);
    }

    private ChatMessage message(String text, Duration ago) {
        return new ChatMessage(
                MessageId.random(RANDOM),
                "bob",
                "alice",
                cluster.scheduler().now().minus(ago),
                text,
                true);
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
