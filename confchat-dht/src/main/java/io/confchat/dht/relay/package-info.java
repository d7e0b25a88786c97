/**
 * Relays for nodes others cannot dial (the ideas of libp2p circuit relay v2 and Tox TCP relays):
 * {@link io.confchat.dht.relay.RelayLimits} (what a relay grants), {@link
 * io.confchat.dht.relay.RelayedEndpoint} (where a node can be reached through one). The relay and
 * its clients live in {@code io.confchat.dht.internal.relay}; {@code KademliaNode} is the front
 * door.
 */
package io.confchat.dht.relay;
