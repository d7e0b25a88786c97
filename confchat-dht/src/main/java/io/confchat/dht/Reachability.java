package io.confchat.dht;

/**
 * Whether other nodes can reach this one, as its reachability checks found (the idea of libp2p
 * AutoNAT, docs/architecture.md#reachability): a few peers are asked to dial the node back over
 * TCP and UDP, from ports of their own, at the IP they see it at.
 *
 * <pre>
 *  UNKNOWN --a peer dialed back--> PUBLIC
 *     |                              ^ |
 *     |   peers could not dial back  | | checked again every 10 min
 *     +--------------------------> PRIVATE
 * </pre>
 */
public enum Reachability {
    /** Not known yet (no peer answered a check): the node serves the DHT as before any check. */
    UNKNOWN,
    /** A peer dialed the node back over TCP and UDP: a DHT server; it may serve as a relay. */
    PUBLIC,
    /**
     * Peers tried and could not dial the node back (behind a NAT or a firewall): it takes part in
     * the DHT as a client (it queries and stores but is kept out of routing tables) and is reached
     * through relays.
     */
    PRIVATE
}
