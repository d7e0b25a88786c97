package io.confchat.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.Contact;
import io.confchat.dht.internal.rpc.Transport;
import io.confchat.dht.internal.wire.Envelope;
import io.confchat.dht.internal.wire.Message.FindNode;
import io.confchat.dht.internal.wire.WireCodec;
import io.confchat.dht.testing.SimCluster;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A node that only relays bytes cannot take over an honest contact's routing-table entry: it claims
 * honest node H's id, forwards the victim's PING to H and H's PONG back. The PONG's observed
 * endpoint betrays the relay, and a known contact moves only when its old address stops proving
 * its id. (Found in review: before the fix the victim's entry for H pointed at the relay.)
 */
class RelayedPongTest {

    @Test
    void relayedPong_doesNotMoveAnHonestContact() {
        try (SimCluster cluster = SimCluster.of(2, 3)) {
            KademliaNode victim = cluster.node(0);
            KademliaNode honest = cluster.node(1);
            cluster.scheduler().await(honest.findClosest(victim.localId()), Duration.ofSeconds(10));
            cluster.scheduler().advance(Duration.ofSeconds(5));
            assertThat(victim.contacts()).extracting(Contact::id).contains(honest.localId());
            Transport relay = cluster.network().rawTransport();
            InetSocketAddress relayAddress = cluster.scheduler()
                    .await(
                            relay.start((from, bytes, reply) -> {
                                if (from.equals(victim.localAddress())) {
                                    relay.sendDatagram(honest.localAddress(), bytes);
                                } else if (from.equals(honest.localAddress())) {
                                    relay.sendDatagram(victim.localAddress(), bytes);
                                }
                            }),
                            Duration.ofSeconds(1));

            for (int i = 0; i < 3; i++) {
                relay.sendDatagram(
                        victim.localAddress(),
                        WireCodec.encode(new Envelope(42 + i, honest.localId(), new FindNode(honest.localId()))));
                cluster.scheduler().advance(Duration.ofMinutes(2));
            }

            Contact entry = victim.contacts().stream()
                    .filter(c -> c.id().equals(honest.localId()))
                    .findFirst()
                    .orElseThrow();
            assertThat(entry.address()).isEqualTo(honest.localAddress()).isNotEqualTo(relayAddress);
        }
    }
}
