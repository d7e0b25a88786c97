package io.confchat.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confchat.api.DhtKey;
import io.confchat.api.PutFailedException;
import io.confchat.api.PutResult;
import io.confchat.api.RecordRejectedException;
import io.confchat.api.RejectionReason;
import io.confchat.api.SignedRecord;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.record.RecordSigner;
import io.confchat.dht.record.RecordValidator.Verdict;
import io.confchat.dht.testing.SimCluster;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * A put reports only what really happened: its {@code stored} count is the number of nodes that
 * hold the record, and it fails when fewer than {@code minStoreAcks} did (the original Python stack
 * reported success for writes that stored nothing).
 */
class PutGuaranteeTest {
    private static final DhtConfig CONFIG = DhtConfig.builder().minStoreAcks(10).build();
    private final RecordSigner signer = new RecordSigner(Ed25519KeyPair.generate(new SecureRandom()));

    @Test
    void successfulPut_storedCountMatchesTheNodesThatHoldTheRecord() {
        try (SimCluster cluster = SimCluster.of(40, 41, b -> b.config(CONFIG))) {
            for (int i = 0; i < 10; i++) {
                SignedRecord r =
                        signer.sign(DhtKey.hash("guarantee/" + i), "note", new byte[0], 1, 600, new byte[] {(byte) i});
                PutResult put = cluster.scheduler().await(cluster.node(i).put(r), Duration.ofSeconds(30));

                long holders = cluster.nodes().stream()
                        .filter(n -> n.storedRecords(r.key()).contains(r))
                        .count();
                assertThat(put.stored())
                        .isGreaterThanOrEqualTo(CONFIG.minStoreAcks())
                        .isEqualTo((int) holders);
            }
        }
    }

    @Test
    void put_failsWithTypedError_whenFewerNodesThanRequiredStoredIt() {
        int[] started = {0};
        // only the first 5 nodes accept "note" records; the others refuse them
        try (SimCluster cluster = SimCluster.of(
                30,
                42,
                b -> started[0]++ < 5
                        ? b.config(CONFIG)
                        : b.config(CONFIG).validator("note", (c, existing) -> Verdict.reject("not stored here")))) {
            SignedRecord r = signer.sign(DhtKey.hash("guarantee/refused"), "note", new byte[0], 1, 600, new byte[] {1});

            // when no accepting node is among the closest, every answer is the same refusal
            assertThatThrownBy(() -> cluster.scheduler().await(cluster.node(0).put(r), Duration.ofMinutes(1)))
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOfAny(PutFailedException.class, RecordRejectedException.class)
                    .satisfies(e -> {
                        long holders = cluster.nodes().stream()
                                .filter(n -> n.storedRecords(r.key()).contains(r))
                                .count();
                        if (e instanceof RecordRejectedException rejected) {
                            assertThat(rejected.reason()).isEqualTo(RejectionReason.POLICY);
                            assertThat(holders).isZero();
                            return;
                        }
                        PutResult result = ((PutFailedException) e).result();
                        assertThat(result.stored()).isEqualTo((int) holders).isLessThan(CONFIG.minStoreAcks());
                        assertThat(result.refusals()).isNotEmpty();
                        assertThat(result.storedOn().size()
                                        + result.refusals().size()
                                        + result.unanswered().size())
                                .as("every node asked is accounted for")
                                .isEqualTo(result.contacted());
                    });
        }
    }

    @Test
    void put_fails_whenTheLookupReachedNoOtherNodeThoughOthersAreKnown() {
        try (SimCluster cluster = SimCluster.of(3, 44)) {
            KademliaNode alone = cluster.node(0);
            cluster.kill(cluster.node(1));
            cluster.kill(cluster.node(2));
            SignedRecord r = signer.sign(DhtKey.hash("guarantee/alone"), "note", new byte[0], 1, 600, new byte[] {1});

            // its own copy alone would die with it: the put says so instead of reporting success
            assertThatThrownBy(() -> cluster.scheduler().await(alone.put(r), Duration.ofMinutes(1)))
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOf(PutFailedException.class)
                    .hasMessageContaining("held on this node only");
        }
    }

    @Test
    void put_onTheOnlyNode_storesItThere() {
        try (SimCluster cluster = SimCluster.of(1, 45)) {
            SignedRecord r = signer.sign(DhtKey.hash("guarantee/only"), "note", new byte[0], 1, 600, new byte[] {1});

            assertThat(cluster.scheduler()
                            .await(cluster.node(0).put(r), Duration.ofMinutes(1))
                            .stored())
                    .isEqualTo(1);
        }
    }
}
