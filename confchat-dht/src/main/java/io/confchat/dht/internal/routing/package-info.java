/**
 * The Kademlia routing table: start with {@link io.confchat.dht.internal.routing.RoutingTable}.
 * {@link io.confchat.dht.internal.routing.Distance} is the XOR metric,
 * {@link io.confchat.dht.internal.routing.IpDiversity} the anti-eclipse limits of a table,
 * {@link io.confchat.dht.internal.routing.Diversity} those of a lookup and a reply,
 * {@link io.confchat.dht.internal.routing.ProvenContacts} the contacts that proved their id, and
 * {@link io.confchat.dht.internal.routing.AddResult} the typed outcome of an add.
 */
package io.confchat.dht.internal.routing;
