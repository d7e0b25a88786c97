package io.confchat.dht;

import io.confchat.api.NodeId;
import io.confchat.api.RpcCounts;
import io.confchat.api.RpcKind;
import io.confchat.dht.relay.RelayedEndpoint;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of a {@link KademliaNode} at one moment, from {@link KademliaNode#snapshot()}: what an
 * operator watches. An immutable value; the counters in it only grow while the node runs, so rates
 * are differences between two snapshots (the confchat-micrometer module turns them into meters).
 *
 * @param id the node's id
 * @param reachability whether peers can dial this node, as its checks found so far
 * @param routingTableSize contacts in the routing table; 0 means the node knows no network
 * @param storedRecords records this node stores for the network (live or waiting to be purged)
 * @param storedBytes the bytes of those records, as the storage quotas count them
 * @param quotaRefusals records this node refused to store because a quota was full, since start
 * @param rpcs requests sent, received and timed out per kind since start; every kind present
 * @param inboundConnections TCP connections other nodes opened to this one, open now (0 on a
 *     transport without streams, like the simulated network)
 * @param outboundConnections TCP connections this node opened, open now: DHT streams, chat
 *     sessions and other stream protocols
 * @param relaysHeld where this node, found {@link Reachability#PRIVATE}, holds relay reservations
 * @param relayService the relay this node serves to others, if it was built as one
 * @param closed whether the node was closed (the other figures are then its last ones)
 */
public record NodeSnapshot(
        NodeId id,
        Reachability reachability,
        int routingTableSize,
        long storedRecords,
        long storedBytes,
        long quotaRefusals,
        Map<RpcKind, RpcCounts> rpcs,
        int inboundConnections,
        int outboundConnections,
        List<RelayedEndpoint> relaysHeld,
        Optional<RelayUsage> relayService,
        boolean closed) {

    public NodeSnapshot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reachability, "reachability");
        Map<RpcKind, RpcCounts> all = new EnumMap<>(RpcKind.class);
        for (RpcKind k : RpcKind.values()) {
            all.put(k, rpcs.getOrDefault(k, RpcCounts.NONE));
        }
        rpcs = Map.copyOf(all);
        relaysHeld = List.copyOf(relaysHeld);
        Objects.requireNonNull(relayService, "relayService");
    }

    /** The counts of one kind of request. */
    public RpcCounts rpc(RpcKind kind) {
        return rpcs.get(kind);
    }

    /** Requests of every kind that got no reply in time, since start. */
    public long rpcTimeouts() {
        return rpcs.values().stream().mapToLong(RpcCounts::timedOut).sum();
    }

    /**
     * What a node serving as a relay carries now.
     *
     * @param reservations nodes holding a reservation here
     * @param circuits circuits waiting to be taken or bridged
     */
    public record RelayUsage(int reservations, int circuits) {}
}
