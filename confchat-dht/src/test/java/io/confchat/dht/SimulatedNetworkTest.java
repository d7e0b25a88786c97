package io.confchat.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.DhtKey;
import io.confchat.api.PutResult;
import io.confchat.api.SignedRecord;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.record.RecordSigner;
import io.confchat.dht.testing.SimCluster;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Many nodes on the simulated network: every record put from any node is found from every node. */
class SimulatedNetworkTest {
    private static final int NODES = 200;

    @Test
    void get_shouldFindEveryRecordFromEveryNode_in200NodeNetwork() {
        try (SimCluster cluster = SimCluster.of(NODES, 42)) {
            cluster.network().dropRate(0.01);
            SecureRandom random = new SecureRandom();
            List<SignedRecord> records = new ArrayList<>();
            for (int i = 0; i < NODES; i++) {
                RecordSigner signer = new RecordSigner(Ed25519KeyPair.generate(random));
                SignedRecord r = signer.sign(
                        DhtKey.hash("sim/" + i),
                        "note",
                        new byte[0],
                        1,
                        3600,
                        ("record " + i).getBytes(StandardCharsets.UTF_8));
                PutResult put = cluster.scheduler().await(cluster.node(i).put(r), Duration.ofSeconds(30));
                assertThat(put.stored()).as("replicas of record %d", i).isGreaterThanOrEqualTo(10);
                records.add(r);
            }

            int misses = 0;
            for (var node : cluster.nodes()) {
                List<CompletableFuture<List<SignedRecord>>> gets = new ArrayList<>();
                for (SignedRecord r : records) {
                    gets.add(node.get(r.key()));
                }
                for (int i = 0; i < records.size(); i++) {
                    List<SignedRecord> found = cluster.scheduler().await(gets.get(i), Duration.ofSeconds(60));
                    if (!found.contains(records.get(i))) {
                        misses++;
                    }
                }
            }
            assertThat(misses)
                    .as("gets that missed their record out of %d", NODES * NODES)
                    .isZero();
        }
    }
}
