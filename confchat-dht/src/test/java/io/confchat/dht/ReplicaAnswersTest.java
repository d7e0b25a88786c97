package io.confchat.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confchat.api.ConfChatException;
import io.confchat.api.DhtKey;
import io.confchat.api.LookupOptions;
import io.confchat.api.NodeId;
import io.confchat.api.ReplicaAnswer;
import io.confchat.api.SignedRecord;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.internal.routing.Distance;
import io.confchat.dht.record.RecordSigner;
import io.confchat.dht.store.InMemoryRecordStore;
import io.confchat.dht.store.StoredRecord;
import io.confchat.dht.testing.SimCluster;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * {@link KademliaNode#answers}: one answer per proven replica, unmerged, and never cut short when
 * the closest replicas agree (as a get is), so that a record only farther replicas hold is seen.
 */
class ReplicaAnswersTest {
    private final SecureRandom random = new SecureRandom();
    private final DhtKey key = DhtKey.hash("answers/key");
    private final Map<NodeId, InMemoryRecordStore> stores = new HashMap<>();

    @Test
    void everyReplica_answers_withWhatItHolds() {
        try (SimCluster cluster = cluster(8)) {
            SignedRecord r = record(1);
            cluster.scheduler().await(cluster.node(0).put(r), Duration.ofSeconds(30));

            List<ReplicaAnswer> answers = cluster.scheduler()
                    .await(cluster.node(5).answers(key, LookupOptions.standard()), Duration.ofSeconds(30));

            assertThat(answers)
                    .extracting(ReplicaAnswer::node)
                    .doesNotHaveDuplicates()
                    .hasSize(8);
            assertThat(answers).allSatisfy(a -> assertThat(a.records()).containsExactly(r));
        }
    }

    @Test
    void aRecordOnlyTheFarthestReplicaHolds_isAnswered_thoughTheClosestAgree() {
        try (SimCluster cluster = cluster(12)) {
            SignedRecord common = record(1);
            cluster.scheduler().await(cluster.node(0).put(common), Duration.ofSeconds(30));
            KademliaNode farthest = cluster.nodes().stream()
                    .max(Comparator.comparing(n -> n.localId(), (a, b) -> Distance.compare(key.asTarget(), a, b)))
                    .orElseThrow();
            SignedRecord onlyThere = record(2);
            stores.get(farthest.localId())
                    .put(new StoredRecord(
                            onlyThere,
                            cluster.scheduler().now(),
                            cluster.scheduler().now().plusSeconds(3600),
                            "test"));
            KademliaNode reader = cluster.nodes().stream()
                    .filter(n -> n != farthest)
                    .findFirst()
                    .orElseThrow();

            List<ReplicaAnswer> answers =
                    cluster.scheduler().await(reader.answers(key, LookupOptions.standard()), Duration.ofSeconds(30));

            assertThat(answers)
                    .filteredOn(a -> a.node().equals(farthest.localId()))
                    .singleElement()
                    .satisfies(a -> assertThat(a.records()).containsExactlyInAnyOrder(common, onlyThere));
            assertThat(cluster.scheduler().await(reader.get(key), Duration.ofSeconds(30)))
                    .as("a get stops once the closest agree")
                    .containsExactly(common);
        }
    }

    @Test
    void thisNodesOwnEmptyAnswer_isLeftOut_whenOthersAnswered_butItsRecordsCount() {
        try (SimCluster cluster = cluster(8)) {
            SignedRecord r = record(1);
            cluster.scheduler().await(cluster.node(0).put(r), Duration.ofSeconds(30));
            KademliaNode reader = cluster.node(5);
            // a node that just joined near the key, before the replicas' hand-off reaches it
            stores.get(reader.localId()).remove(key, r.ownerPublicKey(), r.slot());

            List<ReplicaAnswer> answers =
                    cluster.scheduler().await(reader.answers(key, LookupOptions.standard()), Duration.ofSeconds(30));

            assertThat(answers)
                    .extracting(ReplicaAnswer::node)
                    .as("its empty answer says nothing about a key it was not handed yet")
                    .doesNotContain(reader.localId())
                    .hasSize(7);
            assertThat(answers).allSatisfy(a -> assertThat(a.records()).containsExactly(r));

            KademliaNode holder = cluster.node(6);
            assertThat(cluster.scheduler().await(holder.answers(key, LookupOptions.standard()), Duration.ofSeconds(30)))
                    .extracting(ReplicaAnswer::node)
                    .as("a record it holds is an answer like any other replica's")
                    .contains(holder.localId())
                    .hasSize(8);
        }
    }

    @Test
    void answers_fail_whenNoOtherNodeAnswered_thoughOthersAreKnown() {
        try (SimCluster cluster = cluster(3)) {
            KademliaNode alone = cluster.node(0);
            cluster.kill(cluster.node(1));
            cluster.kill(cluster.node(2));

            // its own (empty) answer alone is not the network's: a reader must not count it as one
            assertThatThrownBy(() -> cluster.scheduler()
                            .await(alone.answers(key, LookupOptions.standard()), Duration.ofMinutes(1)))
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isExactlyInstanceOf(ConfChatException.class)
                    .hasMessageContaining("no other node answered");
        }
    }

    @Test
    void answers_onTheOnlyNode_areItsOwn() {
        try (SimCluster cluster = cluster(1)) {
            List<ReplicaAnswer> answers = cluster.scheduler()
                    .await(cluster.node(0).answers(key, LookupOptions.standard()), Duration.ofSeconds(30));

            assertThat(answers)
                    .extracting(ReplicaAnswer::node)
                    .containsExactly(cluster.node(0).localId());
        }
    }

    private SimCluster cluster(int size) {
        List<InMemoryRecordStore> made = new ArrayList<>();
        SimCluster cluster = SimCluster.of(size, 21, b -> {
            InMemoryRecordStore store = new InMemoryRecordStore();
            made.add(store);
            return b.recordStore(store);
        });
        for (int i = 0; i < size; i++) {
            stores.put(cluster.node(i).localId(), made.get(i));
        }
        return cluster;
    }

    private SignedRecord record(int owner) {
        RecordSigner signer = new RecordSigner(Ed25519KeyPair.generate(random));
        return signer.sign(key, "note", new byte[0], 1, 3600, new byte[] {(byte) owner});
    }
}
