package io.confchat.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.DhtKey;
import io.confchat.api.RpcKind;
import io.confchat.api.SignedRecord;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.NodeEvent;
import io.confchat.dht.NodeSnapshot;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.record.RecordSigner;
import io.confchat.dht.testing.SimCluster;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link NodeMetrics} on the simulated network, read through a {@link SimpleMeterRegistry}. */
class NodeMetricsTest {
    private static final Duration LIMIT = Duration.ofMinutes(2);

    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);

    @Test
    void meters_shouldShowTheSnapshot_andFollowItAfterTheReuseTime() {
        try (SimCluster cluster = SimCluster.empty(21)) {
            KademliaNode a = cluster.addNode(x -> x);
            KademliaNode b = cluster.addNode(x -> x);
            new NodeMetrics(a, Tags.of("node", "a")).bindTo(registry);
            assertThat(registry.get("confchat.node.routing.contacts")
                            .tag("node", "a")
                            .gauge()
                            .value())
                    .isEqualTo(1);
            assertThat(registry.get("confchat.node.records").gauge().value()).isZero();
            double storesBefore = received(RpcKind.STORE);

            SignedRecord r = new RecordSigner(Ed25519KeyPair.generate(new SecureRandom()))
                    .sign(DhtKey.hash("metered"), "note", new byte[0], 1, 3600, "hi".getBytes(StandardCharsets.UTF_8));
            cluster.scheduler().await(b.put(r), LIMIT);
            assertThat(registry.get("confchat.node.records").gauge().value())
                    .as("one snapshot serves a second")
                    .isZero();

            clock.add(NodeMetrics.SNAPSHOT_REUSE);
            NodeSnapshot s = a.snapshot();
            assertThat(registry.get("confchat.node.records").gauge().value()).isEqualTo(1);
            assertThat(registry.get("confchat.node.records.size").gauge().value())
                    .isEqualTo(s.storedBytes());
            assertThat(registry.get("confchat.node.records.size")
                            .gauge()
                            .getId()
                            .getBaseUnit())
                    .isEqualTo("bytes");
            assertThat(received(RpcKind.STORE))
                    .isEqualTo(s.rpc(RpcKind.STORE).received())
                    .isGreaterThan(storesBefore);
            for (RpcKind kind : RpcKind.values()) {
                String tag = kind.name().toLowerCase(java.util.Locale.ROOT);
                assertThat(registry.get("confchat.node.rpc.sent")
                                .tag("kind", tag)
                                .functionCounter()
                                .count())
                        .isEqualTo(s.rpc(kind).sent());
                assertThat(registry.get("confchat.node.rpc.timeouts")
                                .tag("kind", tag)
                                .functionCounter()
                                .count())
                        .isEqualTo(s.rpc(kind).timedOut());
            }
            assertThat(registry.get("confchat.node.reachability")
                            .tag("state", "unknown")
                            .gauge()
                            .value())
                    .isEqualTo(1);
            assertThat(registry.get("confchat.node.reachability")
                            .tag("state", "private")
                            .gauge()
                            .value())
                    .isZero();
            assertThat(registry.get("confchat.node.connections")
                            .tag("direction", "inbound")
                            .gauge()
                            .value())
                    .isZero();
            assertThat(registry.find("confchat.node.relay.circuits").meters())
                    .as("not a relay")
                    .isEmpty();
        }
    }

    @Test
    void eventCounter_shouldCountTheNodesEventsByType() {
        try (SimCluster cluster = SimCluster.empty(22)) {
            KademliaNode a = cluster.addNode(x -> x);
            KademliaNode b = cluster.addNode(x -> x.eventExecutor(Runnable::run));
            new NodeMetrics(b).bindTo(registry);
            cluster.kill(a);
            for (int i = 0; i < 20 && b.snapshot().routingTableSize() > 0; i++) {
                cluster.scheduler().await(b.get(DhtKey.hash("gone")).handle((x, e) -> null), LIMIT);
            }
            assertThat(registry.get("confchat.node.events")
                            .tag("type", "network_lost")
                            .counter()
                            .count())
                    .isEqualTo(1);
            clock.add(NodeMetrics.SNAPSHOT_REUSE);
            assertThat(registry.get("confchat.node.rpc.timeouts")
                            .tag("kind", "find_value")
                            .functionCounter()
                            .count())
                    .isPositive();
        }
    }

    @Test
    void typeOf_shouldNameEachEventInSnakeCase() {
        var id = io.confchat.api.NodeId.of(new byte[32]);
        assertThat(EventTypes.tagOf(new NodeEvent.NetworkLost(id))).isEqualTo("network_lost");
        assertThat(EventTypes.tagOf(new NodeEvent.QuotaRefused(id, 1, 1))).isEqualTo("quota_refused");
    }

    private double received(RpcKind kind) {
        return registry.get("confchat.node.rpc.received")
                .tag("kind", kind.name().toLowerCase(java.util.Locale.ROOT))
                .functionCounter()
                .count();
    }
}
