package io.confchat.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a real node on loopback advertises, and the builder's {@code advertise} setting. */
class AdvertisedEndpointsIT {

    @Test
    void nodeBoundToLoopback_advertisesItsBoundAddress() {
        try (KademliaNode node = start(KademliaNode.builder().host("127.0.0.1").port(0))) {
            assertThat(node.advertisedEndpoints()).containsExactly(node.localAddress());
        }
    }

    @Test
    void advertisedEndpoint_comesFirst() {
        InetSocketAddress forwarded = new InetSocketAddress("198.51.100.50", 5000);
        try (KademliaNode node =
                start(KademliaNode.builder().host("127.0.0.1").port(0).advertise(forwarded))) {
            assertThat(node.advertisedEndpoints()).containsExactly(forwarded, node.localAddress());
        }
    }

    @Test
    void advertise_refusesWhatNoPeerCanDial() {
        assertThatThrownBy(() -> KademliaNode.builder().advertise(new InetSocketAddress("0.0.0.0", 4000)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KademliaNode.builder().advertise(new InetSocketAddress("198.51.100.50", 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KademliaNode.builder().advertise(InetSocketAddress.createUnresolved("nowhere", 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static KademliaNode start(KademliaNodeBuilder builder) {
        return builder.start().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
