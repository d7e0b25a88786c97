package io.confchat.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.DhtKey;
import io.confchat.api.NodeId;
import io.confchat.dht.crypto.NodeIdentity;
import io.confchat.dht.internal.rpc.Transport;
import io.confchat.dht.internal.wire.Envelope;
import io.confchat.dht.internal.wire.Message;
import io.confchat.dht.internal.wire.Message.FindNode;
import io.confchat.dht.internal.wire.Message.Nodes;
import io.confchat.dht.internal.wire.Message.Ping;
import io.confchat.dht.internal.wire.Message.Pong;
import io.confchat.dht.internal.wire.Message.Truncated;
import io.confchat.dht.internal.wire.WireCodec;
import io.confchat.dht.internal.wire.WireLimits;
import io.confchat.dht.testing.SimCluster;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Datagrams from a source that has not shown it receives at its address (no valid cookie) never
 * get a reply larger than the request, so a spoofed source cannot amplify traffic; a padded
 * request or a valid cookie gets the full reply. PINGs are answered at a bounded rate per source.
 */
class UnprovenSourceTest {
    private SimCluster cluster;
    private KademliaNode node;
    private Transport raw;
    private final NodeId me = NodeIdentity.generate(new SecureRandom()).id();
    private final List<byte[]> replies = new ArrayList<>();

    @BeforeEach
    void setUp() {
        cluster = SimCluster.of(25, 31);
        node = cluster.node(3);
        raw = cluster.network().rawTransport();
        // keep only responses: the node may also PING the raw sender to prove it
        cluster.scheduler()
                .await(
                        raw.start((from, payload, reply) -> {
                            if (!WireCodec.decode(payload, WireLimits.MAX_DATAGRAM_BYTES)
                                    .body()
                                    .isRequest()) {
                                replies.add(payload);
                            }
                        }),
                        Duration.ofSeconds(1));
    }

    @AfterEach
    void tearDown() {
        raw.close();
        cluster.close();
    }

    @Test
    void findNode_withoutCookieOrPadding_getsNoMoreBytesThanItSent() {
        byte[] request = WireCodec.encode(
                new Envelope(7, me, new FindNode(DhtKey.hash("x").asTarget())));

        Envelope reply = send(request);

        assertThat(reply.body()).isInstanceOf(Truncated.class);
        assertThat(replies.get(0).length).isLessThanOrEqualTo(request.length);
    }

    @Test
    void ping_withoutPadding_getsNoLargerPong() {
        byte[] request = WireCodec.encode(new Envelope(8, me, new Ping(new byte[16])));

        send(request);

        assertThat(replies.get(0).length).isLessThanOrEqualTo(request.length);
    }

    @Test
    void paddedRequest_orValidCookie_getsTheFullReply() {
        Message find = new FindNode(DhtKey.hash("x").asTarget());
        byte[] padded = WireCodec.encodePadded(new Envelope(9, me, find), WireLimits.MAX_DATAGRAM_BYTES);
        Envelope full = send(padded);
        assertThat(full.body()).isInstanceOf(Nodes.class);
        byte[] cookie = ((Nodes) full.body()).token();

        byte[] small = WireCodec.encode(new Envelope(10, me, find, cookie));
        Envelope again = send(small);

        assertThat(again.body()).isInstanceOf(Nodes.class);
        assertThat(replies.get(1).length).isGreaterThan(small.length);
        assertThat(((Nodes) again.body()).contacts()).isNotEmpty();

        byte[] forged = WireCodec.encode(new Envelope(11, me, find, new byte[16]));
        assertThat(send(forged).body()).isInstanceOf(Truncated.class);
    }

    @Test
    void pingFlood_fromOneSource_isAnsweredAtABoundedRate() {
        for (int i = 0; i < 100; i++) {
            raw.sendDatagram(
                    node.localAddress(),
                    WireCodec.encodePadded(new Envelope(100 + i, me, new Ping(new byte[16])), 256));
        }
        cluster.scheduler().advance(Duration.ofMillis(100));
        long pongs = replies.stream()
                .map(r -> WireCodec.decode(r, WireLimits.MAX_DATAGRAM_BYTES).body())
                .filter(b -> b instanceof Pong)
                .count();
        assertThat(pongs).isEqualTo(PongSigner.BURST);

        cluster.scheduler().advance(Duration.ofSeconds(1));
        replies.clear();
        raw.sendDatagram(
                node.localAddress(), WireCodec.encodePadded(new Envelope(999, me, new Ping(new byte[16])), 256));
        cluster.scheduler().advance(Duration.ofMillis(100));
        assertThat(replies).as("the bucket refills").hasSize(1);
    }

    private Envelope send(byte[] request) {
        int before = replies.size();
        raw.sendDatagram(node.localAddress(), request);
        cluster.scheduler().advance(Duration.ofMillis(100));
        assertThat(replies).hasSize(before + 1);
        return WireCodec.decode(replies.get(before), WireLimits.MAX_DATAGRAM_BYTES);
    }
}
