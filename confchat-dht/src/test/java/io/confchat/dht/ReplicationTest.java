package io.confchat.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.DhtKey;
import io.confchat.api.SignedRecord;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.internal.routing.Distance;
import io.confchat.dht.record.RecordSigner;
import io.confchat.dht.testing.SimCluster;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Replication, hand-off and republishing on the simulated network
 * (docs/architecture.md#reliability).
 */
class ReplicationTest {
    private static final DhtConfig CONFIG = DhtConfig.defaults();
    private static final int K = CONFIG.k();
    private final RecordSigner signer = new RecordSigner(Ed25519KeyPair.generate(new SecureRandom()));

    @Test
    void joiningNodes_receiveTheRecordsTheyAreNowClosestFor() {
        try (SimCluster cluster = SimCluster.of(40, 21, b -> b.config(CONFIG))) {
            List<SignedRecord> records = putRecords(cluster, 20, 3600);
            for (int i = 0; i < 20; i++) {
                cluster.addNode(b -> b.config(CONFIG));
            }
            cluster.scheduler().advance(Duration.ofSeconds(30));

            for (SignedRecord r : records) {
                List<KademliaNode> closest = trueClosest(cluster.nodes(), r.key(), K);
                for (KademliaNode holder : closest) {
                    assertThat(holder.storedRecords(r.key()))
                            .as(() -> missedHandOff(cluster.nodes(), closest, r, holder))
                            .contains(r);
                }
            }
        }
    }

    /** Which node missed which record, and which replicas knew it (a hand-off comes from those). */
    private static String missedHandOff(
            List<KademliaNode> all, List<KademliaNode> closest, SignedRecord r, KademliaNode missing) {
        StringBuilder out = new StringBuilder(String.format(
                "%s on %s (rank %d of the key's %d closest, node #%d of %d)%n  replicas knowing it:",
                r, missing, closest.indexOf(missing), closest.size(), all.indexOf(missing), all.size()));
        for (KademliaNode replica : closest) {
            if (replica.storedRecords(r.key()).contains(r)
                    && replica.contacts().stream().anyMatch(c -> c.id().equals(missing.localId()))) {
                out.append(" rank ").append(closest.indexOf(replica));
            }
        }
        return out.toString();
    }

    @Test
    void records_stayReadable_oneMaintenancePeriodAfter30PercentDie_andHealWithinTwo() {
        try (SimCluster cluster = SimCluster.of(80, 22, b -> b.config(CONFIG))) {
            List<SignedRecord> records = putRecords(cluster, 40, 6 * 3600);
            List<KademliaNode> alive = killShare(cluster, 0.3, new Random(5));

            cluster.scheduler().advance(CONFIG.maintenanceInterval());
            for (SignedRecord r : records) {
                KademliaNode reader = alive.get(Math.floorMod(r.key().hashCode(), alive.size()));
                assertThat(cluster.scheduler().await(reader.get(r.key()), Duration.ofSeconds(60)))
                        .contains(r);
            }

            // A replica that received a STORE within the interval skips that key in its next
            // round (Kademlia section 2.5), and the put itself counts: so the k closest survivors
            // are complete again after at most two replication intervals.
            cluster.scheduler()
                    .advance(CONFIG.replicationInterval().multipliedBy(2).plusMinutes(5));
            for (SignedRecord r : records) {
                for (KademliaNode holder : trueClosest(alive, r.key(), K)) {
                    assertThat(holder.storedRecords(r.key()))
                            .as("%s on %s", r, holder)
                            .contains(r);
                }
            }
        }
    }

    @Test
    void replication_neverExtendsARecordsLife() {
        try (SimCluster cluster = SimCluster.of(20, 23, b -> b.config(CONFIG))) {
            SignedRecord r = putRecords(cluster, 1, 2 * 3600).get(0);
            // Replication rounds and newcomers pass the record on for 3 hours...
            for (int i = 0; i < 6; i++) {
                cluster.scheduler().advance(Duration.ofMinutes(30));
                cluster.addNode(b -> b.config(CONFIG));
            }
            // ...but it was published with a 2-hour ttl, so nobody may still hold it.
            for (KademliaNode node : cluster.nodes()) {
                assertThat(node.storedRecords(r.key())).as("on %s", node).isEmpty();
            }
            assertThat(cluster.scheduler().await(cluster.node(3).get(r.key()), Duration.ofSeconds(60)))
                    .isEmpty();
        }
    }

    @Test
    void publication_keepsAShortLivedRecordAlive_untilCancelled() {
        try (SimCluster cluster = SimCluster.of(15, 24, b -> b.config(CONFIG))) {
            DhtKey key = DhtKey.hash("presence/alice");
            SignedRecord r = signer.sign(key, "presence", new byte[0], 1, 120, new byte[] {1});
            Publication p = cluster.node(2).publish(r);
            cluster.scheduler().await(p.firstPut(), Duration.ofSeconds(30));

            cluster.scheduler().advance(Duration.ofMinutes(10));
            assertThat(cluster.scheduler().await(cluster.node(9).get(key), Duration.ofSeconds(30)))
                    .containsExactly(r);

            p.cancel();
            cluster.scheduler().advance(Duration.ofMinutes(5));
            assertThat(cluster.scheduler().await(cluster.node(9).get(key), Duration.ofSeconds(30)))
                    .isEmpty();
        }
    }

    private List<SignedRecord> putRecords(SimCluster cluster, int count, long ttlSeconds) {
        List<SignedRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SignedRecord r = signer.sign(
                    DhtKey.hash("replication/" + i), "note", new byte[0], 1, ttlSeconds, new byte[] {(byte) i});
            KademliaNode publisher = cluster.node(i % cluster.nodes().size());
            cluster.scheduler().await(publisher.put(r), Duration.ofSeconds(30));
            records.add(r);
        }
        return records;
    }

    static List<KademliaNode> killShare(SimCluster cluster, double share, Random random) {
        List<KademliaNode> alive = new ArrayList<>(cluster.nodes());
        int victims = (int) Math.round(alive.size() * share);
        for (int i = 0; i < victims; i++) {
            KademliaNode victim = alive.remove(random.nextInt(alive.size()));
            cluster.kill(victim);
        }
        return alive;
    }

    static List<KademliaNode> trueClosest(List<KademliaNode> nodes, DhtKey key, int k) {
        List<KademliaNode> sorted = new ArrayList<>(nodes);
        sorted.sort((a, b) -> Distance.compare(key.asTarget(), a.localId(), b.localId()));
        return sorted.subList(0, Math.min(k, sorted.size()));
    }
}
