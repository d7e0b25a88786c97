package io.confchat.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.Contact;
import io.confchat.dht.internal.routing.Distance;
import io.confchat.dht.internal.routing.RoutingTable;
import io.confchat.dht.testing.SimCluster;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Least-recently-seen eviction (Kademlia section 2.2) end to end: a node with a full bucket pings
 * the bucket's oldest contact when a newcomer shows up and keeps it if it answers; dead contacts
 * give way to live ones waiting in the replacement cache.
 */
class BucketEvictionTest {
    private static final int K = 2;

    @Test
    void fullBucket_keepsLiveOldContacts_andReplacesDeadOnes() {
        try (SimCluster cluster =
                SimCluster.of(24, 11, b -> b.config(DhtConfig.builder().k(K).build()))) {
            KademliaNode a = cluster.node(0);
            // every node of a's far half talks to a, so a's bucket 0 is full
            for (KademliaNode n : cluster.nodes()) {
                if (n != a && inFarHalf(a, n)) {
                    cluster.scheduler().await(n.findClosest(a.localId()), Duration.ofSeconds(30));
                }
            }
            cluster.scheduler().advance(Duration.ofSeconds(5));
            List<Contact> bucket = farHalf(a, a.contacts());
            assertThat(bucket).as("bucket 0 of %s", a).hasSize(K);
            KademliaNode newcomer = cluster.nodes().stream()
                    .filter(n -> n != a
                            && inFarHalf(a, n)
                            && !ids(bucket).contains(n.localId().toHex()))
                    .findFirst()
                    .orElseThrow();

            // The old contacts, silent for a while, are questioned but answer: the newcomer waits.
            cluster.scheduler().advance(RoutingTable.QUESTION_OLDEST_AFTER.plusSeconds(1));
            cluster.scheduler().await(newcomer.findClosest(a.localId()), Duration.ofSeconds(30));
            cluster.scheduler().advance(Duration.ofSeconds(5));
            assertThat(ids(farHalf(a, a.contacts()))).isEqualTo(ids(bucket));

            // Both old contacts die. Silent contacts are questioned, fail, and give way to live
            // contacts waiting in the replacement cache (the newcomer among them).
            bucket.forEach(c -> cluster.network().kill(c.address()));
            for (int i = 0; i < 3; i++) {
                cluster.scheduler().advance(RoutingTable.QUESTION_GAP.plusSeconds(1));
                cluster.scheduler().await(newcomer.findClosest(a.localId()), Duration.ofSeconds(30));
            }
            List<Contact> healed = farHalf(a, a.contacts());
            assertThat(healed).hasSize(K);
            assertThat(ids(healed)).doesNotContainAnyElementsOf(ids(bucket));
        }
    }

    private static boolean inFarHalf(KademliaNode a, KademliaNode n) {
        return Distance.commonPrefixLength(a.localId(), n.localId()) == 0;
    }

    private static List<Contact> farHalf(KademliaNode a, List<Contact> contacts) {
        return contacts.stream()
                .filter(c -> Distance.commonPrefixLength(a.localId(), c.id()) == 0)
                .collect(Collectors.toList());
    }

    private static Set<String> ids(List<Contact> contacts) {
        return contacts.stream().map(c -> c.id().toHex()).collect(Collectors.toSet());
    }
}
