/**
 * Reachability checks (the idea of libp2p AutoNAT): {@link
 * io.confchat.dht.internal.reachability.ReachabilityProbe} asks a few peers to dial this node
 * back, {@link io.confchat.dht.internal.reachability.DialBackServer} dials others back within
 * {@link io.confchat.dht.internal.reachability.DialBackLimits}, {@link
 * io.confchat.dht.internal.reachability.DialBackNonces} matches what arrives with what was asked.
 */
package io.confchat.dht.internal.reachability;
