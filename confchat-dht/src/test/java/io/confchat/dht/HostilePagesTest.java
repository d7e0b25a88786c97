package io.confchat.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.DhtKey;
import io.confchat.api.NodeId;
import io.confchat.api.SignedRecord;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.internal.rpc.RpcEndpoint;
import io.confchat.dht.internal.rpc.RttEstimator;
import io.confchat.dht.internal.wire.Message;
import io.confchat.dht.internal.wire.Message.FindNode;
import io.confchat.dht.internal.wire.Message.FindValue;
import io.confchat.dht.internal.wire.Message.Nodes;
import io.confchat.dht.internal.wire.Message.Ping;
import io.confchat.dht.internal.wire.Message.Pong;
import io.confchat.dht.internal.wire.Message.Values;
import io.confchat.dht.record.RecordSigner;
import io.confchat.dht.testing.SimCluster;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node that serves a page with an invalid record and promises endless more pages: readers stop
 * paging it after that first invalid record, its answer does not count, and gets still return the
 * honest replicas' record.
 */
class HostilePagesTest {
    @Test
    void reader_stopsPagingAContact_afterItsFirstInvalidRecord() {
        try (SimCluster cluster = SimCluster.of(25, 51)) {
            SecureRandom random = new SecureRandom();
            DhtKey key = DhtKey.hash("pages/hostile");
            RecordSigner owner = new RecordSigner(Ed25519KeyPair.generate(random));
            SignedRecord good = owner.sign(key, "note", new byte[0], 1, 3600, bytes("good"));
            cluster.scheduler().await(cluster.node(0).put(good), Duration.ofMinutes(1));
            SignedRecord valid = owner.sign(key, "note", bytes("a"), 1, 3600, bytes("valid"));
            SignedRecord tampered = SignedRecord.of(
                    key, "note", valid.ownerPublicKey(), bytes("b"), 1, 3600, bytes("tampered"), valid.signature());

            Ed25519KeyPair hostileKey;
            do { // an id next to the key, so every reader asks it
                hostileKey = Ed25519KeyPair.generate(random);
            } while (((NodeId.fromPublicKey(hostileKey.publicKey()).bytes()[0]
                                    ^ key.asTarget().bytes()[0])
                            & 0xf8)
                    != 0);
            Ed25519KeyPair k = hostileKey;
            NodeId hostileId = NodeId.fromPublicKey(k.publicKey());
            // distinct requests: a page first sent as a datagram may be asked again over TCP
            java.util.Set<Long> pagesServed = java.util.concurrent.ConcurrentHashMap.newKeySet();
            RpcEndpoint hostile = new RpcEndpoint(
                    cluster.network().rawTransport(),
                    hostileId,
                    cluster.scheduler(),
                    new RttEstimator(Duration.ofMillis(50), Duration.ofSeconds(1)),
                    Duration.ofSeconds(2));
            cluster.scheduler()
                    .await(
                            hostile.start((from, request, viaDatagram) -> {
                                Message body = request.body();
                                if (body instanceof Ping ping) {
                                    return new Pong(
                                            k.publicKey(),
                                            k.sign(PongProof.input(ping.nonce(), hostileId, request.senderId(), from)),
                                            from);
                                }
                                if (body instanceof FindNode) {
                                    return new Nodes(List.of(), new byte[16]);
                                }
                                if (body instanceof FindValue find) {
                                    pagesServed.add(request.requestId());
                                    byte[] next = find.cursor().clone();
                                    next = java.util.Arrays.copyOf(next, Math.max(1, next.length));
                                    next[next.length - 1]++;
                                    return new Values(List.of(valid, tampered), List.of(), new byte[16], next);
                                }
                                return null;
                            }),
                            Duration.ofSeconds(1));
            for (KademliaNode n : cluster.nodes()) {
                hostile.call(n.localAddress(), new FindNode(hostileId)).exceptionally(e -> null);
            }
            cluster.scheduler().advance(Duration.ofSeconds(10));

            List<KademliaNode> readers = new ArrayList<>(cluster.nodes().subList(10, 20));
            for (KademliaNode reader : readers) {
                int before = pagesServed.size();
                List<SignedRecord> found = cluster.scheduler().await(reader.get(key), Duration.ofMinutes(1));
                assertThat(found).as("read by %s", reader).contains(good).doesNotContain(tampered, valid);
                assertThat(pagesServed.size() - before)
                        .as("pages asked of the hostile node")
                        .isLessThanOrEqualTo(1);
            }
            assertThat(pagesServed.size())
                    .as("the hostile node was asked at all")
                    .isPositive();
            hostile.close();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
