package io.confchat.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.DhtKey;
import io.confchat.api.PutResult;
import io.confchat.api.SignedRecord;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.internal.sim.SeededRandom;
import io.confchat.dht.record.RecordSigner;
import io.confchat.dht.testing.SimCluster;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A STORE that gets no answer (a lost datagram, a node busy for a moment) is sent again before
 * its replica counts as unanswered: on a network that loses a datagram in five, puts still reach
 * nearly all of the k closest nodes (a STORE and its reply both arrive in 64% of tries: one try
 * alone would leave about 7 of 20 unanswered).
 */
class LossyStoreTest {
    private final RecordSigner signer = new RecordSigner(Ed25519KeyPair.generate(SeededRandom.of(7)));

    @Test
    void put_onALossyNetwork_reachesNearlyEveryClosestNode() {
        try (SimCluster cluster = SimCluster.of(40, 43)) {
            cluster.network().dropRate(0.2);
            int stored = 0;
            int contacted = 0;
            for (int i = 0; i < 10; i++) {
                SignedRecord r =
                        signer.sign(DhtKey.hash("lossy/" + i), "note", new byte[0], 1, 600, new byte[] {(byte) i});
                PutResult put = cluster.scheduler().await(cluster.node(i).put(r), Duration.ofMinutes(1));
                stored += put.stored();
                contacted += put.contacted();
            }
            assertThat(stored).as("replicas stored of %d contacted", contacted).isGreaterThan(contacted * 9 / 10);
        }
    }
}
