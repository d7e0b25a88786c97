/**
 * Iterative Kademlia lookups: {@link io.confchat.dht.internal.lookup.IterativeLookup} reaches the
 * network only through a {@link io.confchat.dht.internal.lookup.Querier}, so it is unit-tested
 * without sockets. It runs one or more disjoint paths (S/Kademlia 4.4), drops addresses that lie
 * about their id and keeps its candidates IP-diverse (docs/dht-hardening.md).
 */
package io.confchat.dht.internal.lookup;
