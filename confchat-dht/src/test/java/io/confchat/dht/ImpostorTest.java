package io.confchat.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confchat.api.BootstrapException;
import io.confchat.api.Contact;
import io.confchat.api.NodeId;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.internal.rpc.RpcEndpoint;
import io.confchat.dht.internal.rpc.RttEstimator;
import io.confchat.dht.internal.wire.Message;
import io.confchat.dht.internal.wire.Message.FindNode;
import io.confchat.dht.internal.wire.Message.Nodes;
import io.confchat.dht.internal.wire.Message.Ping;
import io.confchat.dht.internal.wire.Message.Pong;
import io.confchat.dht.testing.SimCluster;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * A node whose id does not match its key never enters a routing table
 * (docs/architecture.md#identity).
 */
class ImpostorTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How the impostor answers a PING. */
    private enum Forgery {
        /** Signs correctly with its own key but claims an id that is not the hash of that key. */
        ID_NOT_FROM_KEY,
        /** Claims the id of its key, but the signature is over another nonce. */
        BAD_SIGNATURE,
        /** Replays a PONG that was valid for an earlier PING. */
        REPLAYED
    }

    @Test
    void impostorClaimingForeignId_isNeverAdmitted() {
        runImpostor(Forgery.ID_NOT_FROM_KEY);
    }

    @Test
    void impostorWithBadSignature_isNeverAdmitted() {
        runImpostor(Forgery.BAD_SIGNATURE);
    }

    @Test
    void impostorReplayingPong_isNeverAdmitted() {
        runImpostor(Forgery.REPLAYED);
    }

    private void runImpostor(Forgery forgery) {
        try (SimCluster cluster = SimCluster.of(30, 7)) {
            Ed25519KeyPair key = Ed25519KeyPair.generate(RANDOM);
            NodeId claimed = forgery == Forgery.ID_NOT_FROM_KEY
                    ? cluster.node(0).localId() // pretends to be node 0
                    : NodeId.fromPublicKey(key.publicKey());
            var transport = cluster.network().rawTransport();
            RpcEndpoint impostor = new RpcEndpoint(
                    transport,
                    claimed,
                    cluster.scheduler(),
                    new RttEstimator(Duration.ofMillis(50), Duration.ofSeconds(1)),
                    Duration.ofSeconds(2));
            Pong[] firstPong = new Pong[1];
            InetSocketAddress address = cluster.scheduler()
                    .await(
                            impostor.start((from, request, viaDatagram) ->
                                    answer(forgery, key, claimed, from, request.senderId(), request.body(), firstPong)),
                            Duration.ofSeconds(1));

            // The impostor pesters every node, so each considers it for its table.
            for (int round = 0; round < 3; round++) {
                for (KademliaNode node : cluster.nodes()) {
                    impostor.call(node.localAddress(), new FindNode(claimed)).exceptionally(e -> null);
                }
                cluster.scheduler().advance(Duration.ofSeconds(5));
            }
            CompletableFuture<Void> join = cluster.node(5).bootstrap(List.of(address));
            assertThatThrownBy(() -> cluster.scheduler().await(join, Duration.ofSeconds(10)))
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(BootstrapException.class);

            for (KademliaNode node : cluster.nodes()) {
                assertThat(node.contacts())
                        .as("routing table of %s", node)
                        .extracting(Contact::address)
                        .doesNotContain(address);
            }
            assertThat(cluster.node(0).contacts()).isNotEmpty();
        }
    }

    private static Message answer(
            Forgery forgery,
            Ed25519KeyPair key,
            NodeId claimed,
            InetSocketAddress from,
            NodeId requester,
            Message body,
            Pong[] firstPong) {
        if (body instanceof FindNode) {
            return new Nodes(List.of(), new byte[16]);
        }
        if (!(body instanceof Ping ping)) {
            return null;
        }
        byte[] nonce = forgery == Forgery.BAD_SIGNATURE ? new byte[16] : ping.nonce();
        Pong pong = new Pong(key.publicKey(), key.sign(PongProof.input(nonce, claimed, requester, from)), from);
        if (forgery == Forgery.REPLAYED) {
            if (firstPong[0] == null) {
                firstPong[0] = pong;
                return new Pong(pong.publicKey(), new byte[64], from); // the first answer is useless too
            }
            return firstPong[0];
        }
        return pong;
    }
}
