package io.confchat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confchat.api.NodeId;
import io.confchat.api.RpcCounts;
import io.confchat.api.RpcKind;
import io.confchat.dht.NodeSnapshot;
import io.confchat.dht.Reachability;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class NodeStatusTest {
    private static final NodeId ID = NodeId.of(new byte[32]);

    @Test
    void text_shouldShowRatesOverTheInterval_andTheRelay() {
        NodeSnapshot before = snapshot(0, 0, 0, Optional.of(new NodeSnapshot.RelayUsage(0, 0)));
        NodeSnapshot now = snapshot(300, 150, 4, Optional.of(new NodeSnapshot.RelayUsage(1, 2)));

        assertThat(NodeStatus.text(before, now, Duration.ofSeconds(30)))
                .isEqualTo("status: 12 contacts, 340 records (1.5 MiB), requests in 10.0/s out 5.0/s, 4 timed out, "
                        + "connections 3 in 1 out, reachable yes, relay 1 reservation 2 circuits");
    }

    @Test
    void json_shouldCarryTheCountersSinceStart_andReadBack() {
        NodeSnapshot before = snapshot(100, 50, 1, Optional.empty());
        NodeSnapshot now = snapshot(400, 200, 5, Optional.empty());

        Map<String, Object> o = JsonReader.readObject(
                NodeStatus.json(before, now, Duration.ofSeconds(10), Instant.parse("2026-11-30T03:00:00Z")));

        assertThat(o)
                .containsEntry("event", "status")
                .containsEntry("time", "2026-11-30T03:00:00Z")
                .containsEntry("reachable", "yes")
                .doesNotContainKey("relayCircuits");
        assertThat(((Number) o.get("contacts")).intValue()).isEqualTo(12);
        assertThat(((Number) o.get("requestsInPerSecond")).doubleValue()).isEqualTo(30.0);
        assertThat(((Number) o.get("requestsOutPerSecond")).doubleValue()).isEqualTo(15.0);
        assertThat(((Number) o.get("timeoutsInInterval")).intValue()).isEqualTo(4);
        @SuppressWarnings("unchecked")
        Map<String, Object> ping = (Map<String, Object>) ((Map<String, Object>) o.get("rpc")).get("ping");
        assertThat(((Number) ping.get("received")).longValue()).isEqualTo(400);
    }

    @Test
    void durationConverter_shouldReadUnits_andRefuseNonsense() {
        DurationConverter c = new DurationConverter();
        assertThat(c.convert("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.convert("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(c.convert("1500ms")).isEqualTo(Duration.ofMillis(1500));
        for (String bad : List.of("30", "s", "-1s", "0s", "25h", "1d", "1.5s")) {
            assertThatThrownBy(() -> c.convert(bad)).as(bad).isInstanceOf(TypeConversionException.class);
        }
    }

    /** Requests received all as PINGs, sent all as FIND_NODEs, timeouts on FIND_NODE. */
    private static NodeSnapshot snapshot(
            long received, long sent, long timeouts, Optional<NodeSnapshot.RelayUsage> relay) {
        return new NodeSnapshot(
                ID,
                Reachability.PUBLIC,
                12,
                340,
                1_572_864,
                0,
                Map.of(
                        RpcKind.PING,
                        new RpcCounts(0, received, 0),
                        RpcKind.FIND_NODE,
                        new RpcCounts(sent, 0, timeouts)),
                3,
                1,
                List.of(),
                relay,
                false);
    }
}
