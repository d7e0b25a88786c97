package io.confchat.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confchat.api.DhtKey;
import io.confchat.api.RecordRejectedException;
import io.confchat.api.RejectionReason;
import io.confchat.api.SignedRecord;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.internal.rpc.RpcEndpoint;
import io.confchat.dht.internal.rpc.RttEstimator;
import io.confchat.dht.internal.rpc.Transport;
import io.confchat.dht.internal.wire.Envelope;
import io.confchat.dht.internal.wire.Message;
import io.confchat.dht.internal.wire.Message.FindNode;
import io.confchat.dht.internal.wire.Message.Nodes;
import io.confchat.dht.internal.wire.Message.Ping;
import io.confchat.dht.internal.wire.Message.Pong;
import io.confchat.dht.internal.wire.Message.Store;
import io.confchat.dht.internal.wire.Message.StoreResult;
import io.confchat.dht.record.RecordSigner;
import io.confchat.dht.testing.SimCluster;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A peer that sends forged, replayed, mis-tokened and malformed packets: each is refused with the
 * right reason, the node keeps serving, and what it stored does not change.
 */
class HostilePeerTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private SimCluster cluster;
    private KademliaNode victim;
    private RpcEndpoint attacker;
    private final RecordSigner owner = new RecordSigner(Ed25519KeyPair.generate(RANDOM));
    private final DhtKey key = DhtKey.hash("hostile/key");
    private SignedRecord v1;
    private SignedRecord v2;

    @BeforeEach
    void setUp() {
        cluster = SimCluster.of(10, 3);
        victim = cluster.node(4);
        var identity = io.confchat.dht.crypto.NodeIdentity.generate(RANDOM);
        attacker = new RpcEndpoint(
                cluster.network().rawTransport(),
                identity.id(),
                cluster.scheduler(),
                new RttEstimator(Duration.ofMillis(50), Duration.ofSeconds(1)),
                Duration.ofSeconds(2));
        await(attacker.start((from, request, viaDatagram) -> null));
        v1 = owner.sign(key, "note", new byte[0], 1, 3600, bytes("first"));
        v2 = owner.sign(key, "note", new byte[0], 2, 3600, bytes("second"));
        await(cluster.node(1).put(v2));
    }

    @AfterEach
    void tearDown() {
        attacker.close();
        cluster.close();
    }

    @Test
    void store_withoutValidToken_isRefused() {
        assertThat(store(new byte[16], owner.sign(DhtKey.hash("x"), "note", new byte[0], 1, 60, bytes("x")))
                        .refusal())
                .isEqualTo(RejectionReason.INVALID_TOKEN);
    }

    @Test
    void store_ofForgedMovedOrOlderRecord_isRefused_andStoredRecordUnchanged() {
        byte[] token = token();
        byte[] payload = v2.payload();
        payload[0] ^= 1;
        SignedRecord forged = SignedRecord.of(
                key, "note", v2.ownerPublicKey(), v2.slot(), 3, v2.ttlSeconds(), payload, v2.signature());
        SignedRecord moved = SignedRecord.of(
                DhtKey.hash("elsewhere"),
                "note",
                v2.ownerPublicKey(),
                v2.slot(),
                v2.seq(),
                v2.ttlSeconds(),
                v2.payload(),
                v2.signature());

        assertThat(store(token, forged).refusal()).isEqualTo(RejectionReason.INVALID_SIGNATURE);
        assertThat(store(token, moved).refusal()).isEqualTo(RejectionReason.INVALID_SIGNATURE);
        // replaying the newest record only refreshes its lifetime (BEP 44); an older one is refused
        assertThat(store(token, v2).isStored()).isTrue();
        assertThat(store(token, v1).refusal()).isEqualTo(RejectionReason.STALE_SEQUENCE);

        for (KademliaNode node : cluster.nodes()) {
            assertThat(await(node.get(key))).as("seen from %s", node).containsExactly(v2);
        }
    }

    @Test
    void garbagePackets_areDropped_andNodeKeepsServing() {
        Transport raw = cluster.network().rawTransport();
        await(raw.start((from, payload, reply) -> {}));
        Random random = new Random(5);
        for (int i = 0; i < 2_000; i++) {
            byte[] junk = new byte[random.nextInt(1232)];
            random.nextBytes(junk);
            raw.sendDatagram(victim.localAddress(), junk);
            raw.sendStream(victim.localAddress(), junk);
        }
        cluster.scheduler().advance(Duration.ofSeconds(1));

        Envelope pong = await(attacker.call(victim.localAddress(), new Ping(new byte[16])));
        assertThat(pong.body()).isInstanceOf(Pong.class);
        assertThat(await(cluster.node(7).get(key))).containsExactly(v2);
    }

    @Test
    void put_ofForgedRecord_failsLocallyWithTypedError() {
        SignedRecord forged = SignedRecord.of(
                key, "note", v2.ownerPublicKey(), v2.slot(), 9, v2.ttlSeconds(), bytes("evil"), v2.signature());
        assertThatThrownBy(() -> await(victim.put(forged)))
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOf(RecordRejectedException.class)
                .extracting(e -> ((RecordRejectedException) e).reason())
                .isEqualTo(RejectionReason.INVALID_SIGNATURE);
    }

    @Test
    void put_ofOlderSequence_failsWithStaleSequence() {
        assertThatThrownBy(() -> await(victim.put(v1)))
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOf(RecordRejectedException.class)
                .extracting(e -> ((RecordRejectedException) e).reason())
                .isEqualTo(RejectionReason.STALE_SEQUENCE);
        assertThat(await(victim.get(key))).containsExactly(v2);
    }

    private byte[] token() {
        Message reply = await(attacker.call(victim.localAddress(), new FindNode(key.asTarget())))
                .body();
        return ((Nodes) reply).token();
    }

    private StoreResult store(byte[] token, SignedRecord r) {
        return (StoreResult)
                await(attacker.call(victim.localAddress(), new Store(token, r))).body();
    }

    private <T> T await(java.util.concurrent.CompletableFuture<T> f) {
        return cluster.scheduler().await(f, Duration.ofSeconds(30));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
