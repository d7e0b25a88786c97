package io.confchat.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.DhtKey;
import io.confchat.api.SignedRecord;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.internal.routing.Distance;
import io.confchat.dht.record.RecordSigner;
import io.confchat.dht.testing.SimCluster;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The simulated network splits 50/50 for 10 simulated minutes while records are updated on both
 * sides; after healing and one maintenance period of records (a replication interval, with the
 * routing maintenance that runs every minute inside it), every record holds its highest seq on all
 * k closest replicas of the whole network.
 */
class PartitionHealTest {
    private static final int NODES = 40;
    private static final int RECORDS = 12;
    private static final Duration SPLIT = Duration.ofMinutes(10);
    private static final Duration REPLICATION = Duration.ofMinutes(10);

    @Test
    void recordsUpdatedOnBothSides_convergeToTheHighestSeq_afterHealing() {
        try (SimCluster cluster = SimCluster.of(
                NODES,
                61,
                b -> b.config(
                        DhtConfig.builder().replicationInterval(REPLICATION).build()))) {
            Random random = new Random(61);
            List<RecordSigner> owners = new ArrayList<>();
            Map<Integer, SignedRecord> highest = new HashMap<>();
            for (int i = 0; i < RECORDS; i++) {
                owners.add(new RecordSigner(Ed25519KeyPair.generate(new SecureRandom())));
                highest.put(i, put(cluster, cluster.node(random.nextInt(NODES)), owners.get(i), i, 1));
            }

            List<KademliaNode> sideA = cluster.nodes().subList(0, NODES / 2);
            List<KademliaNode> sideB = cluster.nodes().subList(NODES / 2, NODES);
            List<InetSocketAddress> a =
                    sideA.stream().map(KademliaNode::localAddress).toList();
            cluster.network().partition(a);
            long seq = 2;
            for (int minute = 0; minute < SPLIT.toMinutes(); minute++) {
                for (int i = 0; i < RECORDS; i++) {
                    if (random.nextInt(3) == 0) { // about a third of the records change each minute
                        List<KademliaNode> side = random.nextBoolean() ? sideA : sideB;
                        KademliaNode writer = side.get(random.nextInt(side.size()));
                        SignedRecord r = putAllowingFailure(cluster, writer, owners.get(i), i, seq++);
                        if (r != null) {
                            highest.put(i, r);
                        }
                    }
                }
                cluster.scheduler().advance(Duration.ofMinutes(1));
            }
            cluster.network().heal();
            cluster.scheduler().advance(REPLICATION.plus(DhtConfig.defaults().maintenanceInterval()));

            for (int i = 0; i < RECORDS; i++) {
                SignedRecord want = highest.get(i);
                List<KademliaNode> closest = new ArrayList<>(cluster.nodes());
                closest.sort((x, y) ->
                        Distance.idsByDistanceTo(want.key().asTarget()).compare(x.localId(), y.localId()));
                for (KademliaNode replica : closest.subList(0, 20)) {
                    assertThat(replica.storedRecords(want.key()))
                            .as("record %d (seq %d) on replica %s", i, want.seq(), replica)
                            .containsExactly(want);
                }
            }
        }
    }

    private static SignedRecord put(SimCluster cluster, KademliaNode from, RecordSigner owner, int i, long seq) {
        SignedRecord r = record(owner, i, seq);
        cluster.scheduler().await(from.put(r), Duration.ofMinutes(2));
        return r;
    }

    /** A put during the split may reach too few nodes; a record stored nowhere is not the highest. */
    private static SignedRecord putAllowingFailure(
            SimCluster cluster, KademliaNode from, RecordSigner owner, int i, long seq) {
        SignedRecord r = record(owner, i, seq);
        var result = cluster.scheduler().await(from.put(r).handle((ok, e) -> ok), Duration.ofMinutes(2));
        return result != null && result.stored() > 0 ? r : null;
    }

    private static SignedRecord record(RecordSigner owner, int i, long seq) {
        return owner.sign(
                DhtKey.hash("partition/" + i),
                "note",
                new byte[0],
                seq,
                86_400,
                ("v" + seq).getBytes(StandardCharsets.UTF_8));
    }
}
