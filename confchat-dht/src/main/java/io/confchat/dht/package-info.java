/**
 * A Kademlia DHT of signed records: start with {@link io.confchat.dht.KademliaNode#builder()}.
 *
 * <p>This package is the module's front door: {@link io.confchat.dht.KademliaNode} (an
 * {@link io.confchat.api.Dht}), its builder and {@link io.confchat.dht.DhtConfig}; for operators,
 * {@link io.confchat.dht.NodeSnapshot} (from {@code snapshot()}) and the {@link
 * io.confchat.dht.NodeEvent}s (docs/architecture.md#operating-a-node). The glue
 * behind it is package-private: {@code NodeServer} answers requests, {@code Lookups} and
 * {@code Replicas} run the client side, {@code Bonding} proves contacts before they enter the
 * routing table. Everything under {@code internal} may change without notice.
 */
package io.confchat.dht;
