package io.confchat.api;

/**
 * The four remote procedure calls of the DHT (Kademlia, section 2.3), as counted by a node's
 * snapshot: each request a node sends or answers is one of these.
 */
public enum RpcKind {
    /** Is the node alive, and does it hold the key of its id? */
    PING,
    /** Which nodes are closest to a target id? */
    FIND_NODE,
    /** Which records are stored under a key (or, failing that, which nodes are closest)? */
    FIND_VALUE,
    /** Store a record. */
    STORE
}
