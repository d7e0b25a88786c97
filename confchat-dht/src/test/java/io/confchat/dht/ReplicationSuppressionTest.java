package io.confchat.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.DhtKey;
import io.confchat.api.SignedRecord;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.crypto.NodeIdentity;
import io.confchat.dht.internal.routing.Distance;
import io.confchat.dht.internal.rpc.RpcEndpoint;
import io.confchat.dht.internal.rpc.RttEstimator;
import io.confchat.dht.internal.wire.Message.FindNode;
import io.confchat.dht.internal.wire.Message.Nodes;
import io.confchat.dht.internal.wire.Message.Store;
import io.confchat.dht.record.RecordSigner;
import io.confchat.dht.testing.SimCluster;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A STORE from a stranger must not stop a replica from re-replicating a key: an attacker re-sends
 * one record of a key to a replica every minute, and the replica still passes on the key's other
 * record, which only it holds, within one replication interval.
 */
class ReplicationSuppressionTest {
    private static final Duration INTERVAL = Duration.ofMinutes(10);

    @Test
    void strangersStores_doNotSuppressReplicationOfTheKey() {
        try (SimCluster cluster = SimCluster.of(
                30,
                17,
                b -> b.config(DhtConfig.builder().replicationInterval(INTERVAL).build()))) {
            SecureRandom random = new SecureRandom();
            DhtKey key = DhtKey.hash("replication/suppressed");
            SignedRecord first = new RecordSigner(Ed25519KeyPair.generate(random))
                    .sign(key, "note", new byte[0], 1, 86_400, "first".getBytes(StandardCharsets.UTF_8));
            SignedRecord second = new RecordSigner(Ed25519KeyPair.generate(random))
                    .sign(key, "note", new byte[0], 1, 86_400, "second".getBytes(StandardCharsets.UTF_8));
            cluster.scheduler().await(cluster.node(0).put(first), Duration.ofMinutes(1));

            List<KademliaNode> closest = new ArrayList<>(cluster.nodes());
            closest.sort((a, b) -> Distance.idsByDistanceTo(key.asTarget()).compare(a.localId(), b.localId()));
            closest = closest.subList(0, 20);
            KademliaNode holder = closest.get(0);

            RpcEndpoint stranger = new RpcEndpoint(
                    cluster.network().rawTransport(),
                    NodeIdentity.generate(random).id(),
                    cluster.scheduler(),
                    new RttEstimator(Duration.ofMillis(50), Duration.ofSeconds(1)),
                    Duration.ofSeconds(2));
            cluster.scheduler().await(stranger.start((from, request, viaDatagram) -> null), Duration.ofSeconds(1));
            store(cluster, stranger, holder, second); // only the holder gets the second record
            for (int minute = 0; minute < 2 * INTERVAL.toMinutes(); minute++) {
                store(cluster, stranger, holder, first); // the replay that used to suppress the key
                cluster.scheduler().advance(Duration.ofMinutes(1));
            }

            long replicas = closest.stream()
                    .filter(n -> n.storedRecords(key).contains(second))
                    .count();
            assertThat(replicas)
                    .as("replicas holding the record only the holder had")
                    .isGreaterThanOrEqualTo(18);
            stranger.close();
        }
    }

    private static void store(SimCluster cluster, RpcEndpoint from, KademliaNode to, SignedRecord r) {
        Nodes nodes = (Nodes) cluster.scheduler()
                .await(from.call(to.localAddress(), new FindNode(r.key().asTarget())), Duration.ofSeconds(10))
                .body();
        cluster.scheduler().await(from.call(to.localAddress(), new Store(nodes.token(), r)), Duration.ofSeconds(10));
    }
}
