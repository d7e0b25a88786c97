package io.confchat.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.DhtKey;
import io.confchat.api.NodeId;
import io.confchat.api.SignedRecord;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.internal.wire.Envelope;
import io.confchat.dht.internal.wire.Message.FindNode;
import io.confchat.dht.internal.wire.WireCodec;
import io.confchat.dht.record.RecordSigner;
import io.confchat.dht.testing.SimCluster;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node others cannot reach (behind a NAT, {@link Reachability#PRIVATE}) takes part in the DHT as
 * a client: it queries and stores, but never enters anyone's routing table, so lookups are not
 * sent to a contact nobody can reach; one admitted before it knew is evicted once it says so. A
 * spoofed client flag cannot evict an honest contact.
 */
class ClientModeTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void privateNode_storesAndReads_butIsInNoRoutingTable() {
        try (SimCluster cluster = SimCluster.of(20, 11)) {
            KademliaNode client = cluster.addNode(b -> b.reachability(Reachability.PRIVATE));
            RecordSigner signer = new RecordSigner(Ed25519KeyPair.generate(new SecureRandom()));
            SignedRecord record = signer.sign(DhtKey.hash("client/put"), "note", new byte[0], 1, 3600, new byte[] {7});
            assertThat(cluster.scheduler().await(client.put(record), MINUTE).storedOn())
                    .isNotEmpty();
            cluster.scheduler().advance(Duration.ofMinutes(5)); // maintenance, questions, hand-offs
            assertThat(cluster.scheduler().await(cluster.node(3).get(record.key()), MINUTE))
                    .containsExactly(record);
            assertThat(cluster.scheduler().await(client.get(record.key()), MINUTE))
                    .containsExactly(record);
            assertThat(client.contacts())
                    .as("the client routes through servers")
                    .isNotEmpty();
            for (KademliaNode server : cluster.nodes()) {
                assertThat(server.contacts())
                        .as("%s keeps the client out of its table", server)
                        .noneMatch(c -> c.id().equals(client.localId()));
            }
        }
    }

    @Test
    void nodeThatFindsItIsPrivate_isEvictedByTheContactsThatAdmittedIt() {
        try (SimCluster cluster = SimCluster.of(20, 12)) {
            KademliaNode node = cluster.addNode(b -> b);
            List<KademliaNode> knowing = holdersOf(cluster, node.localId());
            assertThat(knowing)
                    .as("admitted as a server while its reachability was unknown")
                    .isNotEmpty();

            node.reachabilityState().found(Reachability.PRIVATE);
            // its next requests carry the client flag (a join pings every node it knows of): each
            // contact questions it, and its PONG says client
            cluster.scheduler()
                    .await(
                            node.bootstrap(knowing.stream()
                                    .map(KademliaNode::localAddress)
                                    .toList()),
                            MINUTE);
            cluster.scheduler().advance(Duration.ofSeconds(10));
            assertThat(holdersOf(cluster, node.localId()))
                    .as("every contact that had admitted it has evicted it")
                    .isEmpty();
            assertThat(node.reachability()).isEqualTo(Reachability.PRIVATE);
        }
    }

    @Test
    void lookup_shouldNotCountNorAdmitAClient_thatAnswersWithACertificate() {
        try (SimCluster cluster = SimCluster.of(60, 14)) {
            KademliaNode node = cluster.addNode(b -> b);
            List<KademliaNode> knowing = holdersOf(cluster, node.localId());
            KademliaNode asker = cluster.nodes().stream()
                    .filter(n -> n != node && !knowing.contains(n))
                    .findFirst()
                    .orElseThrow();
            // private from now on, before any contact has heard it say so: they still refer it
            node.reachabilityState().found(Reachability.PRIVATE);

            List<io.confchat.api.Contact> closest =
                    cluster.scheduler().await(asker.findClosest(node.localId()), MINUTE);

            assertThat(closest)
                    .as("the lookup reached the client through stale referrals and did not count it")
                    .isNotEmpty()
                    .noneMatch(c -> c.id().equals(node.localId()));
            assertThat(asker.contacts()).noneMatch(c -> c.id().equals(node.localId()));
        }
    }

    @Test
    void spoofedClientFlag_fromAnHonestContactsAddress_evictsNobody() {
        try (SimCluster cluster = SimCluster.of(20, 13)) {
            KademliaNode victim = cluster.node(5);
            List<KademliaNode> knowing = holdersOf(cluster, victim.localId());
            assertThat(knowing).isNotEmpty();
            for (KademliaNode holder : knowing) {
                byte[] forged = WireCodec.encode(
                        new Envelope(42L, victim.localId(), new FindNode(randomId()), new byte[0], true));
                cluster.network().spoof(victim.localAddress(), holder.localAddress(), forged);
            }
            cluster.scheduler().advance(Duration.ofSeconds(10));
            assertThat(holdersOf(cluster, victim.localId()))
                    .as("each holder questioned the victim, whose own PONG says it is a server")
                    .containsExactlyInAnyOrderElementsOf(knowing);
        }
    }

    private static NodeId randomId() {
        byte[] id = new byte[32];
        new SecureRandom().nextBytes(id);
        return NodeId.of(id);
    }

    private static List<KademliaNode> holdersOf(SimCluster cluster, NodeId id) {
        return cluster.nodes().stream()
                .filter(n -> n.contacts().stream().anyMatch(c -> c.id().equals(id)))
                .toList();
    }
}
