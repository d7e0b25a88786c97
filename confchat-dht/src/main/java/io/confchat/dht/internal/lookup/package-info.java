/**
 * Iterative Kademlia lookups: {@link io.confchat.dht.internal.lookup.IterativeLookup} reaches the
 * network only through a {@link io.confchat.dht.internal.lookup.Querier}, so it is unit-tested
 * without sockets.
 */
package io.confchat.dht.internal.lookup;
