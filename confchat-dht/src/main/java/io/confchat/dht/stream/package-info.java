/**
 * Stream protocols that share the node's port: higher layers register a
 * {@link io.confchat.dht.stream.StreamProtocolHandler} under a protocol id with
 * {@code KademliaNode.registerStreamProtocol}.
 */
package io.confchat.dht.stream;
