package io.confchat.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Reachability checks over real sockets on loopback: a node that joins asks its contacts to dial
 * it back, they do (TCP from an ephemeral port, UDP from a throwaway socket), and it finds itself
 * {@link Reachability#PUBLIC}. A fixed verdict is kept and a private node's envelopes say so.
 */
class ReachabilityIT {

    @Test
    void joiningNode_isDialedBack_andFindsItselfPublic() throws InterruptedException {
        try (KademliaNode seed = start(KademliaNode.builder().host("127.0.0.1").port(0));
                KademliaNode second =
                        start(KademliaNode.builder().host("127.0.0.1").port(0));
                KademliaNode joiner =
                        start(KademliaNode.builder().host("127.0.0.1").port(0))) {
            second.bootstrap(List.of(seed.localAddress()))
                    .orTimeout(10, TimeUnit.SECONDS)
                    .join();
            joiner.bootstrap(List.of(seed.localAddress()))
                    .orTimeout(10, TimeUnit.SECONDS)
                    .join();
            awaitReachability(joiner, Reachability.PUBLIC);
            awaitReachability(second, Reachability.PUBLIC);
            assertThat(seed.contacts())
                    .as("public joiners are routing contacts")
                    .hasSize(2);
        }
    }

    @Test
    void fixedVerdict_isKept_andAPrivateNodeStaysOutOfTheSeedsTable() throws InterruptedException {
        try (KademliaNode seed = start(KademliaNode.builder().host("127.0.0.1").port(0));
                KademliaNode client =
                        start(KademliaNode.builder().host("127.0.0.1").port(0).reachability(Reachability.PRIVATE))) {
            client.bootstrap(List.of(seed.localAddress()))
                    .orTimeout(10, TimeUnit.SECONDS)
                    .join();
            Thread.sleep(1500); // a probe round would have run by now
            assertThat(client.reachability()).isEqualTo(Reachability.PRIVATE);
            assertThat(client.contacts()).hasSize(1);
            assertThat(seed.contacts()).isEmpty();
        }
    }

    private static void awaitReachability(KademliaNode node, Reachability expected) throws InterruptedException {
        Instant end = Instant.now().plus(Duration.ofSeconds(20));
        while (node.reachability() != expected && Instant.now().isBefore(end)) {
            Thread.sleep(50);
        }
        assertThat(node.reachability()).isEqualTo(expected);
    }

    private static KademliaNode start(KademliaNodeBuilder builder) {
        return builder.start().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
