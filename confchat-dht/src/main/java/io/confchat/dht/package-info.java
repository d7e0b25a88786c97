/**
 * A Kademlia DHT of signed records: start with {@link io.confchat.dht.KademliaNode#builder()}.
 *
 * <p>This package is the module's front door: {@link io.confchat.dht.KademliaNode} (an
 * {@link io.confchat.api.Dht}), its builder, {@link io.confchat.dht.DhtConfig} and {@link
 * io.confchat.dht.StorageQuotas} (immutable, made by builders); for operators, {@link
 * io.confchat.dht.NodeSnapshot} (from {@code snapshot()}) and the {@link io.confchat.dht.NodeEvent}s
 * (docs/architecture.md#operating-a-node). The glue behind it is package-private: {@code
 * NodeServer} answers requests, {@code Lookups} and {@code Replicas} run the client side, {@code
 * Bonding} proves contacts before they enter the routing table. Nothing here names a netty type:
 * the node's streams are reached through the unexported {@code
 * io.confchat.dht.internal.stream.NodeInternals} (docs/architecture.md#module-boundary).
 * Everything under {@code internal} may change without notice; the module does not export it.
 */
package io.confchat.dht;
