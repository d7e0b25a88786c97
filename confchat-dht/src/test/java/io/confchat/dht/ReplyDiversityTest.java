package io.confchat.dht;

import static io.confchat.dht.EclipseTest.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.Contact;
import io.confchat.api.DhtKey;
import io.confchat.api.NodeId;
import io.confchat.dht.internal.routing.IpDiversity;
import io.confchat.dht.internal.rpc.RpcEndpoint;
import io.confchat.dht.internal.rpc.RttEstimator;
import io.confchat.dht.internal.wire.Envelope;
import io.confchat.dht.internal.wire.Message.FindNode;
import io.confchat.dht.internal.wire.Message.FindValue;
import io.confchat.dht.internal.wire.Message.Nodes;
import io.confchat.dht.internal.wire.Message.Values;
import io.confchat.dht.testing.SimCluster;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node's answers to FIND_NODE and FIND_VALUE are IP-diverse: its routing table may hold up to
 * {@link IpDiversity#PER_TABLE} contacts of one /24, but a reply names at most two of them, asked
 * once or again (the closest contacts of a target are remembered between two changes of the table:
 * the remembered answer must be as diverse).
 */
class ReplyDiversityTest {
    @Test
    void replies_nameAtMostTwoContactsOfOnePrefix_everyTime() throws Exception {
        try (SimCluster cluster = SimCluster.empty(5)) {
            List<KademliaNode> honest = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                honest.add(cluster.addNodeAt(ip(31, 0, i, 1), b -> b));
            }
            InetAddress crowd = ip(66, 6, 6, 1);
            for (int i = 0; i < 40; i++) {
                cluster.addNodeAt(ip(66, 6, 6, 1 + i), b -> b);
            }
            cluster.scheduler().advance(Duration.ofMinutes(2));
            String prefix = IpDiversity.prefix(crowd).orElseThrow();
            KademliaNode server = honest.get(0);
            assertThat(server.contacts().stream().filter(c -> prefix.equals(prefixOf(c))))
                    .as("the table holds more of the prefix than a reply may name")
                    .hasSizeGreaterThan(2);

            RpcEndpoint asker = new RpcEndpoint(
                    cluster.network().rawTransportAt(ip(31, 0, 99, 1)),
                    NodeId.fromPublicKey(new byte[32]),
                    cluster.scheduler(),
                    new RttEstimator(Duration.ofMillis(50), Duration.ofSeconds(1)),
                    Duration.ofSeconds(2));
            cluster.scheduler().await(asker.start((from, request, viaDatagram) -> null), Duration.ofSeconds(1));
            for (int i = 0; i < 10; i++) {
                NodeId target = DhtKey.hash("crowd/" + (i % 5)).asTarget(); // each target asked twice
                Envelope nodes = cluster.scheduler()
                        .await(asker.call(server.localAddress(), new FindNode(target)), Duration.ofSeconds(5));
                Envelope values = cluster.scheduler()
                        .await(
                                asker.call(
                                        server.localAddress(),
                                        new FindValue(DhtKey.hash("crowd/" + (i % 5)), new byte[0])),
                                Duration.ofSeconds(5));
                assertThat(((Nodes) nodes.body()).contacts()).hasSizeGreaterThan(10);
                assertThat(((Nodes) nodes.body()).contacts().stream().filter(c -> prefix.equals(prefixOf(c))))
                        .as("contacts of %s in a NODES reply", prefix)
                        .hasSizeLessThanOrEqualTo(2);
                assertThat(((Values) values.body()).contacts().stream().filter(c -> prefix.equals(prefixOf(c))))
                        .as("contacts of %s in a VALUES reply", prefix)
                        .hasSizeLessThanOrEqualTo(2);
            }
            asker.close();
        }
    }

    private static String prefixOf(Contact c) {
        return IpDiversity.prefix(c.address().getAddress()).orElse("");
    }
}
