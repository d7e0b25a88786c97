package io.confchat.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.DhtKey;
import io.confchat.api.PutResult;
import io.confchat.api.SignedRecord;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.record.RecordSigner;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** Twenty real nodes on 127.0.0.1 (netty UDP and TCP, free ports) in one JVM. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LoopbackNetworkIT {
    private static final int NODES = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final List<KademliaNode> nodes = new ArrayList<>();
    private final RecordSigner signer = new RecordSigner(Ed25519KeyPair.generate(RANDOM));

    @BeforeAll
    void startNetwork() {
        for (int i = 0; i < NODES; i++) {
            KademliaNode node = KademliaNode.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .eventLoopGroup(group)
                    .start()
                    .orTimeout(10, TimeUnit.SECONDS)
                    .join();
            if (!nodes.isEmpty()) {
                InetSocketAddress seed = nodes.get(0).localAddress();
                node.bootstrap(List.of(seed)).orTimeout(20, TimeUnit.SECONDS).join();
            }
            nodes.add(node);
        }
    }

    @AfterAll
    void stopNetwork() {
        nodes.forEach(KademliaNode::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Test
    void everyNode_shouldJoinWithProvenContacts() {
        for (KademliaNode node : nodes) {
            assertThat(node.localAddress().getAddress().isLoopbackAddress()).isTrue();
            assertThat(node.contacts()).as("contacts of %s", node).hasSizeGreaterThanOrEqualTo(NODES / 2);
        }
    }

    @Test
    void recordsPutFromAnyNode_areFoundFromEveryNode() {
        List<SignedRecord> records = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            byte[] payload = ("hello from " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            SignedRecord r = signer.sign(DhtKey.hash("loopback/" + i), "note", new byte[0], 1, 600, payload);
            // on a loaded 2-core machine STORE acknowledgements can miss their adaptive timeout;
            // putting the same record again is harmless (it refreshes it), so try a few times
            PutResult put = nodes.get(i).put(r).orTimeout(10, TimeUnit.SECONDS).join();
            for (int attempt = 1; attempt < 4 && put.stored() < NODES / 2; attempt++) {
                put = nodes.get(i).put(r).orTimeout(10, TimeUnit.SECONDS).join();
            }
            assertThat(put.stored()).as("%s", put).isGreaterThanOrEqualTo(NODES / 2);
            records.add(r);
        }
        for (KademliaNode node : nodes) {
            for (SignedRecord r : records) {
                assertThat(node.get(r.key()).orTimeout(10, TimeUnit.SECONDS).join())
                        .as("%s getting %s", node, r)
                        .containsExactly(r);
            }
        }
    }

    @Test
    void a20KiBRecord_travelsOverTcp_andIsFoundEverywhere() {
        byte[] payload = new byte[20 * 1024];
        RANDOM.nextBytes(payload);
        SignedRecord big = signer.sign(DhtKey.hash("loopback/big"), "blob", new byte[0], 1, 600, payload);
        assertThat(io.confchat.dht.internal.wire.RecordCodec.encodedSize(big))
                .isGreaterThan(io.confchat.dht.internal.wire.WireLimits.MAX_DATAGRAM_BYTES);

        PutResult put = nodes.get(3).put(big).orTimeout(20, TimeUnit.SECONDS).join();

        assertThat(put.stored()).isGreaterThanOrEqualTo(NODES / 2);
        for (KademliaNode node : nodes) {
            assertThat(node.get(big.key()).orTimeout(20, TimeUnit.SECONDS).join())
                    .containsExactly(big);
        }
    }

    @Test
    void newerSequence_replacesOlder_everywhere() {
        DhtKey key = DhtKey.hash("loopback/versioned");
        SignedRecord v1 = signer.sign(key, "note", new byte[0], 1, 600, new byte[] {1});
        SignedRecord v2 = signer.sign(key, "note", new byte[0], 2, 600, new byte[] {2});
        nodes.get(5).put(v1).orTimeout(10, TimeUnit.SECONDS).join();
        nodes.get(9).put(v2).orTimeout(10, TimeUnit.SECONDS).join();

        for (KademliaNode node : nodes) {
            assertThat(node.get(key).orTimeout(10, TimeUnit.SECONDS).join()).containsExactly(v2);
        }
    }
}
