package io.confchat.dht;

import static io.confchat.dht.EclipseTest.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.Contact;
import io.confchat.api.DhtKey;
import io.confchat.api.LookupOptions;
import io.confchat.api.NodeId;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.internal.routing.IpDiversity;
import io.confchat.dht.internal.rpc.RpcEndpoint;
import io.confchat.dht.internal.rpc.RttEstimator;
import io.confchat.dht.internal.wire.Message.FindNode;
import io.confchat.dht.internal.wire.Message.Nodes;
import io.confchat.dht.internal.wire.Message.Ping;
import io.confchat.dht.internal.wire.Message.Pong;
import io.confchat.dht.testing.SimCluster;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 50 Sybil nodes from one /24, each with a valid key, join a network of 30 honest nodes on
 * distinct /24s, beside 5 impostors whose ids do not hash from their keys. Every honest routing
 * table holds at most the diversity limit of the Sybils' /24 and no impostor; every lookup result
 * holds at most two Sybils (docs/dht-hardening.md).
 */
class SybilTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void sybilsOfOnePrefix_areCappedByDiversity_andImpostorsRefused() throws UnknownHostException {
        try (SimCluster cluster = SimCluster.empty(21)) {
            List<KademliaNode> honest = new ArrayList<>();
            for (int i = 1; i <= 30; i++) {
                honest.add(cluster.addNodeAt(ip(31, 0, i, 1), b -> b));
            }
            InetAddress sybilIp = ip(66, 6, 6, 6);
            for (int i = 0; i < 50; i++) {
                cluster.addNodeAt(i % 2 == 0 ? sybilIp : ip(66, 6, 6, 7 + i), b -> b);
            }
            List<RpcEndpoint> impostors = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                impostors.add(impostor(cluster, ip(66, 6, 7, 1 + i), honest));
            }
            cluster.scheduler().advance(Duration.ofMinutes(2));

            String sybilPrefix = IpDiversity.prefix(sybilIp).orElseThrow();
            for (KademliaNode node : honest) {
                List<Contact> table = node.contacts();
                assertThat(table.stream().filter(c -> sybilPrefix.equals(prefixOf(c))))
                        .as("Sybils in the table of %s", node)
                        .hasSizeBetween(1, IpDiversity.PER_TABLE);
                assertThat(table)
                        .as("impostors in the table of %s", node)
                        .noneMatch(c -> c.address().getAddress().getAddress()[2] == 7
                                && c.address().getAddress().getAddress()[0] == 66);
            }
            for (int i = 0; i < 20; i++) {
                NodeId target = DhtKey.hash("sybil/" + i).asTarget();
                for (LookupOptions options : List.of(LookupOptions.standard(), LookupOptions.sensitive())) {
                    List<Contact> found = cluster.scheduler()
                            .await(honest.get(i).findClosest(target, options), Duration.ofMinutes(1));
                    assertThat(found).as("%s from %s", options, honest.get(i)).hasSize(20);
                    assertThat(found.stream().filter(c -> sybilPrefix.equals(prefixOf(c))))
                            .as("Sybils among the closest to %s (%s)", target.shortHex(), options)
                            .hasSizeLessThanOrEqualTo(2);
                    assertThat(found)
                            .noneMatch(c -> c.address().getAddress().getAddress()[2] == 7
                                    && c.address().getAddress().getAddress()[0] == 66);
                }
            }
            impostors.forEach(RpcEndpoint::close);
        }
    }

    private static String prefixOf(Contact c) {
        return IpDiversity.prefix(c.address().getAddress()).orElse("");
    }

    /** Signs PONGs with its key but claims the id of an honest node: the id does not hash from the key. */
    private static RpcEndpoint impostor(SimCluster cluster, InetAddress ip, List<KademliaNode> honest) {
        Ed25519KeyPair key = Ed25519KeyPair.generate(RANDOM);
        NodeId claimed = honest.get(RANDOM.nextInt(honest.size())).localId();
        RpcEndpoint e = new RpcEndpoint(
                cluster.network().rawTransportAt(ip),
                claimed,
                cluster.scheduler(),
                new RttEstimator(Duration.ofMillis(50), Duration.ofSeconds(1)),
                Duration.ofSeconds(2));
        cluster.scheduler()
                .await(
                        e.start((from, request, viaDatagram) -> {
                            if (request.body() instanceof Ping ping) {
                                byte[] proof = PongProof.input(ping.nonce(), claimed, request.senderId(), from);
                                return new Pong(key.publicKey(), key.sign(proof), from);
                            }
                            return request.body() instanceof FindNode ? new Nodes(List.of(), new byte[16]) : null;
                        }),
                        Duration.ofSeconds(1));
        for (KademliaNode node : honest) {
            e.call(node.localAddress(), new FindNode(claimed)).exceptionally(x -> null);
        }
        return e;
    }
}
