/**
 * The Kademlia routing table: start with {@link io.confchat.dht.internal.routing.RoutingTable}.
 * {@link io.confchat.dht.internal.routing.Distance} is the XOR metric,
 * {@link io.confchat.dht.internal.routing.IpDiversity} the anti-eclipse limits, and
 * {@link io.confchat.dht.internal.routing.AddResult} the typed outcome of an add.
 */
package io.confchat.dht.internal.routing;
