package io.confchat.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.Contact;
import io.confchat.api.DhtKey;
import io.confchat.api.LookupOptions;
import io.confchat.api.NodeId;
import io.confchat.api.SignedRecord;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.internal.routing.Distance;
import io.confchat.dht.record.RecordSigner;
import io.confchat.dht.testing.SimCluster;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An eclipse attempt with forged referrals: an attacker node that honest nodes admit answers every
 * lookup with contacts closer to the target than any honest node, some with invented ids, some
 * with the ids of the honest closest nodes at the attacker's addresses. Lookups must still end at
 * the honest closest nodes, and puts must land on them (docs/dht-hardening.md, proven routing).
 */
class EclipseTest {
    private static final int HONEST = 30;
    private static final int K = 20;

    private SimCluster cluster;
    private ForgingPeers attacker;
    private final DhtKey key = DhtKey.hash("eclipse/target");
    private List<KademliaNode> honestClosest;

    @BeforeEach
    void setUp() throws UnknownHostException {
        cluster = SimCluster.empty(11);
        for (int i = 1; i <= HONEST; i++) {
            cluster.addNodeAt(ip(23, 0, i, 1), b -> b);
        }
        NodeId target = key.asTarget();
        Comparator<NodeId> byDistance = Distance.idsByDistanceTo(target);
        honestClosest = new ArrayList<>(cluster.nodes());
        honestClosest.sort((a, b) -> byDistance.compare(a.localId(), b.localId()));
        honestClosest = honestClosest.subList(0, K);

        List<NodeId> forged = new ArrayList<>();
        for (int i = 0; i < 10; i++) { // invented ids, closer to the target than anyone
            byte[] id = target.bytes();
            id[31] ^= (byte) (i + 1);
            forged.add(NodeId.of(id));
        }
        for (int i = 0; i < 10; i++) { // the honest closest nodes' ids, at the attacker's addresses
            forged.add(honestClosest.get(i).localId());
        }
        attacker = new ForgingPeers(cluster, ip(66, 6, 6, 1), target, forged);
        attacker.introduce();
    }

    @AfterEach
    void tearDown() {
        attacker.close();
        cluster.close();
    }

    @ParameterizedTest(name = "disjoint paths: {0}")
    @ValueSource(ints = {1, 3})
    void lookup_withForgedReferrals_endsAtHonestClosest(int paths) {
        assertThat(cluster.nodes().stream()
                        .filter(n -> n.contacts().stream().anyMatch(c -> c.id().equals(attacker.attackerId()))))
                .as("honest nodes that admitted the attacker")
                .hasSizeGreaterThan(HONEST / 2);
        for (KademliaNode from : cluster.nodes().subList(0, 10)) {
            List<Contact> found = await(
                    from.findClosest(key.asTarget(), LookupOptions.standard().withDisjointPaths(paths)));
            List<Contact> expected = new ArrayList<>();
            for (KademliaNode n : honestClosest) {
                if (!n.equals(from)) {
                    expected.add(new Contact(n.localId(), n.localAddress()));
                }
            }
            assertThat(found).as("no forged contact").doesNotContainAnyElementsOf(attacker.forged());
            // the attacker's own node proved its (ground) id: it may count, within the diversity limit
            List<Contact> honest = found.stream()
                    .filter(c -> !c.id().equals(attacker.attackerId()))
                    .toList();
            assertThat(honest).as("honest part, seen from %s", from).hasSizeGreaterThanOrEqualTo(K - 2);
            assertThat(honest).isEqualTo(expected.subList(0, honest.size()));
        }
    }

    @ParameterizedTest(name = "disjoint paths: {0}")
    @ValueSource(ints = {1, 3})
    void put_withForgedReferrals_landsOnHonestClosest(int paths) {
        RecordSigner owner = new RecordSigner(Ed25519KeyPair.generate(new SecureRandom()));
        SignedRecord record = owner.sign(key, "note", new byte[0], 1, 3600, "hello".getBytes(StandardCharsets.UTF_8));
        KademliaNode from = cluster.node(HONEST - 1);
        await(from.put(record, LookupOptions.standard().withDisjointPaths(paths)));
        // the attacker's own node proved its ground id and may take up to the diversity limit of slots
        for (KademliaNode replica : honestClosest.subList(0, K - 2)) {
            assertThat(replica.storedRecords(key)).as("stored on %s", replica).containsExactly(record);
        }
        for (KademliaNode reader : cluster.nodes().subList(0, 5)) {
            assertThat(await(reader.get(key, LookupOptions.standard().withDisjointPaths(paths))))
                    .containsExactly(record);
        }
    }

    /**
     * A newcomer that knows only the attacker hears of nothing but forged contacts, each with a
     * forged certificate (docs/dht-hardening.md#proofs-in-replies): none may count. If one did,
     * the attacker would hold the newcomer's whole view.
     */
    @Test
    void newcomerJoiningThroughTheAttacker_neitherAdmitsNorCountsAForgedContact() {
        KademliaNode newcomer = cluster.scheduler()
                .await(
                        KademliaNode.builder()
                                .scheduler(cluster.scheduler())
                                .transport(cluster.network().transport())
                                .cryptoExecutor(Runnable::run)
                                .start(),
                        Duration.ofSeconds(5));
        try {
            await(newcomer.bootstrap(List.of(attacker.attackerAddress())));
            List<Contact> found = await(newcomer.findClosest(key.asTarget()));

            assertThat(newcomer.contacts()).doesNotContainAnyElementsOf(attacker.forged());
            assertThat(found).doesNotContainAnyElementsOf(attacker.forged());
            assertThat(found).extracting(Contact::id).containsOnly(attacker.attackerId());
        } finally {
            newcomer.close();
        }
    }

    static InetAddress ip(int a, int b, int c, int d) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
    }

    private <T> T await(CompletableFuture<T> f) {
        return cluster.scheduler().await(f, Duration.ofMinutes(1));
    }
}
