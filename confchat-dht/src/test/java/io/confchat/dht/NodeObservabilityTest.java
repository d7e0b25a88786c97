package io.confchat.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.DhtKey;
import io.confchat.api.RpcCounts;
import io.confchat.api.RpcKind;
import io.confchat.api.SignedRecord;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.record.RecordSigner;
import io.confchat.dht.testing.SimCluster;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@link KademliaNode#snapshot()} and {@link NodeEvent}s on the simulated network: the counters
 * match what really crossed the network between two nodes, and each change is told once, on the
 * node's event executor.
 */
class NodeObservabilityTest {
    private static final Duration LIMIT = Duration.ofMinutes(2);
    private final SecureRandom random = new SecureRandom();

    @Test
    void snapshot_shouldCountEveryRequestBothWays_betweenTwoNodes() {
        try (SimCluster cluster = SimCluster.empty(7)) {
            KademliaNode a = cluster.addNode(b -> b);
            KademliaNode b = cluster.addNode(x -> x);
            RecordSigner signer = new RecordSigner(Ed25519KeyPair.generate(random));
            SignedRecord note = note(signer, "observed", 200);
            cluster.scheduler().await(b.put(note), LIMIT);
            cluster.scheduler().await(b.get(note.key()), LIMIT);
            cluster.scheduler().advance(Duration.ofSeconds(10)); // nothing left in flight

            NodeSnapshot sa = a.snapshot();
            NodeSnapshot sb = b.snapshot();
            for (RpcKind kind : RpcKind.values()) {
                // no drops on this network: every request one sent, the other received
                assertThat(sb.rpc(kind).sent())
                        .as("%s b->a", kind)
                        .isEqualTo(sa.rpc(kind).received());
                assertThat(sa.rpc(kind).sent())
                        .as("%s a->b", kind)
                        .isEqualTo(sb.rpc(kind).received());
            }
            assertThat(sb.rpc(RpcKind.PING).sent()).isPositive();
            assertThat(sb.rpc(RpcKind.FIND_NODE).sent()).isPositive();
            assertThat(sb.rpc(RpcKind.STORE).sent()).isPositive();
            assertThat(sb.rpc(RpcKind.FIND_VALUE).sent()).isPositive();
            assertThat(sb.rpcTimeouts()).isZero();
            assertThat(sa.routingTableSize()).isEqualTo(1);
            assertThat(sb.routingTableSize()).isEqualTo(1);
            assertThat(sa.storedRecords()).isEqualTo(1);
            assertThat(sa.storedBytes()).isEqualTo(a.storedBytes()).isGreaterThan(200);
            assertThat(sa.id()).isEqualTo(a.localId());
            assertThat(sa.relayService()).isEmpty();
            assertThat(sa.closed()).isFalse();
        }
    }

    @Test
    void snapshotAndEvents_shouldReportTimeoutsAndTheLostNetwork_whenTheOnlyPeerDies() {
        try (SimCluster cluster = SimCluster.empty(8)) {
            KademliaNode a = cluster.addNode(x -> x);
            List<Runnable> handedOver = new ArrayList<>();
            KademliaNode b = cluster.addNode(x -> x.eventExecutor(handedOver::add));
            List<NodeEvent> events = new CopyOnWriteArrayList<>();
            b.addEventListener(events::add);
            assertThat(events).as("nothing is told before the executor runs it").isEmpty();
            runAll(handedOver);
            assertThat(events).containsExactly(new NodeEvent.NetworkJoined(b.localId()));

            cluster.kill(a);
            DhtKey key = DhtKey.hash("nobody home");
            for (int i = 0; i < 20 && b.snapshot().routingTableSize() > 0; i++) {
                CompletableFuture<?> get = b.get(key);
                cluster.scheduler().await(get.handle((x, e) -> null), LIMIT);
            }
            runAll(handedOver);

            NodeSnapshot sb = b.snapshot();
            assertThat(sb.routingTableSize()).isZero();
            assertThat(sb.rpc(RpcKind.FIND_VALUE).timedOut()).isPositive();
            assertThat(sb.rpcTimeouts())
                    .isGreaterThanOrEqualTo(sb.rpc(RpcKind.FIND_VALUE).timedOut());
            assertThat(events)
                    .containsExactly(new NodeEvent.NetworkJoined(b.localId()), new NodeEvent.NetworkLost(b.localId()));
        }
    }

    @Test
    void events_shouldTellQuotaRefusalsAtMostOncePerInterval() {
        try (SimCluster cluster = SimCluster.empty(9)) {
            StorageQuotas tiny = StorageQuotas.builder()
                    .perKeyBytes(1 << 20)
                    .perOwnerBytes(1_000)
                    .perSourceBytes(16 << 20)
                    .totalBytes(256 << 20)
                    .keyShareDivisor(16)
                    .build();
            KademliaNode a = cluster.addNode(
                    x -> x.config(DhtConfig.builder().quotas(tiny).build()).eventExecutor(Runnable::run));
            KademliaNode b = cluster.addNode(x -> x);
            List<NodeEvent> events = new CopyOnWriteArrayList<>();
            a.addEventListener(events::add);
            RecordSigner owner = new RecordSigner(Ed25519KeyPair.generate(random));

            long refusedByA = 0;
            for (int i = 0; i < 4; i++) { // 400-byte records of one owner: a holds one at most
                refusedByA += refusalsFrom(a, cluster.scheduler().await(b.put(note(owner, "first " + i, 400)), LIMIT));
            }
            assertThat(refusedByA).isEqualTo(3);
            assertThat(quotaEvents(events)).hasSize(1);
            long firstTold = quotaEvents(events).get(0).refusals();
            assertThat(firstTold).isEqualTo(1);

            for (int i = 0; i < 3; i++) { // refused within the interval: held back
                refusedByA += refusalsFrom(a, cluster.scheduler().await(b.put(note(owner, "more " + i, 400)), LIMIT));
            }
            assertThat(quotaEvents(events)).hasSize(1);

            cluster.scheduler().advance(KademliaNode.QUOTA_EVENT_INTERVAL);
            List<NodeEvent.QuotaRefused> told = quotaEvents(events);
            assertThat(told).hasSize(2);
            long total = a.snapshot().quotaRefusals();
            assertThat(total).as("refusals b was told of").isEqualTo(refusedByA);
            assertThat(told.get(1).refusals()).isEqualTo(total - firstTold);
            assertThat(told.get(1).totalRefusals()).isEqualTo(total);
        }
    }

    @Test
    void events_shouldTellAReachabilityVerdict() {
        try (SimCluster cluster = SimCluster.empty(10)) {
            KademliaNode a = cluster.addNode(x -> x.eventExecutor(Runnable::run));
            List<NodeEvent> events = new CopyOnWriteArrayList<>();
            a.addEventListener(events::add);
            a.reachabilityState().found(Reachability.PRIVATE);
            a.reachabilityState().found(Reachability.PRIVATE); // no change, no event
            assertThat(events)
                    .containsExactly(
                            new NodeEvent.ReachabilityChanged(a.localId(), Reachability.UNKNOWN, Reachability.PRIVATE));
            assertThat(a.snapshot().reachability()).isEqualTo(Reachability.PRIVATE);
        }
    }

    @Test
    void closeAsync_shouldRefuseAtOnceAndCompleteTheShutdown() {
        try (SimCluster cluster = SimCluster.empty(11)) {
            KademliaNode a = cluster.addNode(x -> x);
            CompletableFuture<Void> closing = a.closeAsync();
            assertThat(a.closeAsync()).as("one shutdown").isNotNull();
            assertThat(a.get(DhtKey.hash("x"))).isCompletedExceptionally();
            closing.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
            assertThat(a.snapshot().closed()).isTrue();
            a.close(); // after closeAsync: returns once that shutdown is done
        }
    }

    @Test
    void rpcCounts_shouldRefuseNegativeCounts() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RpcCounts(-1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<NodeEvent.QuotaRefused> quotaEvents(List<NodeEvent> events) {
        return events.stream()
                .filter(NodeEvent.QuotaRefused.class::isInstance)
                .map(NodeEvent.QuotaRefused.class::cast)
                .toList();
    }

    private static long refusalsFrom(KademliaNode node, io.confchat.api.PutResult put) {
        return put.refusals().stream()
                .filter(r ->
                        r.node().equals(node.localId()) && r.reason() == io.confchat.api.RejectionReason.QUOTA_EXCEEDED)
                .count();
    }

    private static void runAll(List<Runnable> tasks) {
        for (int i = 0; i < 100 && !tasks.isEmpty(); i++) {
            tasks.remove(0).run();
        }
    }

    private static SignedRecord note(RecordSigner signer, String name, int bytes) {
        byte[] value = new byte[bytes];
        java.util.Arrays.fill(value, (byte) 'x');
        return signer.sign(DhtKey.hash("obs/" + name), "note", name.getBytes(StandardCharsets.UTF_8), 1, 3600, value);
    }
}
