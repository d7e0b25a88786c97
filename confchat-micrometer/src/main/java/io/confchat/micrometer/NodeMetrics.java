package io.confchat.micrometer;

import io.confchat.api.RpcKind;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.NodeEvent;
import io.confchat.dht.NodeSnapshot;
import io.confchat.dht.Reachability;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Binds a {@link KademliaNode}'s {@link NodeSnapshot} and {@link NodeEvent}s to Micrometer:
 *
 * <table>
 * <caption>meters (every one also carries the tags given to the constructor)</caption>
 * <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 * <tr><td>{@code confchat.node.routing.contacts}</td><td>gauge</td><td></td><td>contacts in the routing table</td></tr>
 * <tr><td>{@code confchat.node.records}</td><td>gauge</td><td></td><td>records stored for the network</td></tr>
 * <tr><td>{@code confchat.node.records.size}</td><td>gauge, bytes</td><td></td><td>their bytes, as quotas count them</td></tr>
 * <tr><td>{@code confchat.node.store.refusals}</td><td>function counter</td><td>{@code reason=quota}</td><td>records refused for a full quota</td></tr>
 * <tr><td>{@code confchat.node.rpc.sent}</td><td>function counter</td><td>{@code kind=ping|find_node|find_value|store}</td><td>requests sent</td></tr>
 * <tr><td>{@code confchat.node.rpc.received}</td><td>function counter</td><td>{@code kind}</td><td>requests received</td></tr>
 * <tr><td>{@code confchat.node.rpc.timeouts}</td><td>function counter</td><td>{@code kind}</td><td>requests sent that got no reply in time</td></tr>
 * <tr><td>{@code confchat.node.connections}</td><td>gauge</td><td>{@code direction=inbound|outbound}</td><td>TCP connections open</td></tr>
 * <tr><td>{@code confchat.node.reachability}</td><td>gauge</td><td>{@code state=unknown|public|private}</td><td>1 for the node's state, 0 for the others</td></tr>
 * <tr><td>{@code confchat.node.relay.reservations.held}</td><td>gauge</td><td></td><td>relay reservations this node holds</td></tr>
 * <tr><td>{@code confchat.node.relay.reservations}</td><td>gauge</td><td></td><td>reservations others hold at this node (only a node built as a relay)</td></tr>
 * <tr><td>{@code confchat.node.relay.circuits}</td><td>gauge</td><td></td><td>circuits this relay carries (only a node built as a relay)</td></tr>
 * <tr><td>{@code confchat.node.events}</td><td>counter</td><td>{@code type=reachability_changed|relay_reserved|relay_lost|network_joined|network_lost|quota_refused}</td><td>{@link NodeEvent}s since binding</td></tr>
 * </table>
 *
 * <p>Rates come from the counters (e.g. {@code rate(confchat_node_rpc_timeouts_total[5m])} in
 * Prometheus). Every meter of one scrape reads one snapshot (a snapshot is reused for up to one
 * second). Give a tag such as {@code node=<name>} when one registry holds several nodes. The
 * meters hold the node; a closed node keeps reporting its last figures. Thread-safe.
 */
public final class NodeMetrics implements MeterBinder {
    /** How long one snapshot serves the meters. */
    static final Duration SNAPSHOT_REUSE = Duration.ofSeconds(1);

    private final KademliaNode node;
    private final Tags tags;

    /** Meters of {@code node}, each with {@code tags} besides its own. */
    public NodeMetrics(KademliaNode node, Iterable<Tag> tags) {
        this.node = Objects.requireNonNull(node, "node");
        this.tags = Tags.of(tags);
    }

    /** Meters of {@code node} without extra tags. */
    public NodeMetrics(KademliaNode node) {
        this(node, Tags.empty());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Memo<NodeSnapshot> now = new Memo<>(node::snapshot, registry.config().clock(), SNAPSHOT_REUSE);
        gauge(
                registry,
                "confchat.node.routing.contacts",
                "contacts in the routing table",
                now,
                Tags.empty(),
                s -> s.routingTableSize());
        gauge(
                registry,
                "confchat.node.records",
                "records stored for the network",
                now,
                Tags.empty(),
                s -> s.storedRecords());
        Gauge.builder("confchat.node.records.size", node, n -> now.get().storedBytes())
                .description("bytes of the records stored for the network")
                .baseUnit(BaseUnits.BYTES)
                .tags(tags)
                .register(registry);
        counter(
                registry,
                "confchat.node.store.refusals",
                "records refused for a full quota",
                now,
                Tags.of("reason", "quota"),
                NodeSnapshot::quotaRefusals);
        for (RpcKind kind : RpcKind.values()) {
            Tags k = Tags.of("kind", kind.name().toLowerCase(Locale.ROOT));
            counter(
                    registry,
                    "confchat.node.rpc.sent",
                    "requests sent",
                    now,
                    k,
                    s -> s.rpc(kind).sent());
            counter(
                    registry,
                    "confchat.node.rpc.received",
                    "requests received",
                    now,
                    k,
                    s -> s.rpc(kind).received());
            counter(
                    registry,
                    "confchat.node.rpc.timeouts",
                    "requests sent that got no reply in time",
                    now,
                    k,
                    s -> s.rpc(kind).timedOut());
        }
        gauge(
                registry,
                "confchat.node.connections",
                "TCP connections open",
                now,
                Tags.of("direction", "inbound"),
                s -> s.inboundConnections());
        gauge(
                registry,
                "confchat.node.connections",
                "TCP connections open",
                now,
                Tags.of("direction", "outbound"),
                s -> s.outboundConnections());
        for (Reachability state : Reachability.values()) {
            gauge(
                    registry,
                    "confchat.node.reachability",
                    "1 for the node's reachability, 0 for the others",
                    now,
                    Tags.of("state", state.name().toLowerCase(Locale.ROOT)),
                    s -> s.reachability() == state ? 1 : 0);
        }
        gauge(
                registry,
                "confchat.node.relay.reservations.held",
                "relay reservations this node holds",
                now,
                Tags.empty(),
                s -> s.relaysHeld().size());
        if (node.snapshot().relayService().isPresent()) {
            gauge(
                    registry,
                    "confchat.node.relay.reservations",
                    "reservations others hold at this relay",
                    now,
                    Tags.empty(),
                    s -> s.relayService()
                            .map(NodeSnapshot.RelayUsage::reservations)
                            .orElse(0));
            gauge(
                    registry,
                    "confchat.node.relay.circuits",
                    "circuits this relay carries",
                    now,
                    Tags.empty(),
                    s -> s.relayService().map(NodeSnapshot.RelayUsage::circuits).orElse(0));
        }
        node.addEventListener(event -> eventCounter(registry, event).increment());
    }

    /** The counter of one event type (found or made: Micrometer keeps one per name and tags). */
    private Counter eventCounter(MeterRegistry registry, NodeEvent event) {
        return Counter.builder("confchat.node.events")
                .description("important changes of the node")
                .tags(tags)
                .tag("type", EventTypes.tagOf(event))
                .register(registry);
    }

    private void gauge(
            MeterRegistry registry,
            String name,
            String description,
            Memo<NodeSnapshot> now,
            Tags own,
            ToDoubleFunction<NodeSnapshot> value) {
        Gauge.builder(name, node, n -> value.applyAsDouble(now.get()))
                .description(description)
                .tags(tags.and(own))
                .register(registry);
    }

    private void counter(
            MeterRegistry registry,
            String name,
            String description,
            Memo<NodeSnapshot> now,
            Tags own,
            ToLongFunction<NodeSnapshot> value) {
        FunctionCounter.builder(name, node, n -> value.applyAsLong(now.get()))
                .description(description)
                .tags(tags.and(own))
                .register(registry);
    }
}
