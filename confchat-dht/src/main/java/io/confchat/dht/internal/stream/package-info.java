/**
 * Stream protocols that share a node's TCP port, in netty terms: {@link
 * io.confchat.dht.internal.stream.StreamProtocolHandler}, {@link
 * io.confchat.dht.internal.stream.NodeStreams} (open, serve, relay, punch), {@link
 * io.confchat.dht.internal.stream.Relayed}, {@link io.confchat.dht.internal.stream.HolePunch}, and
 * {@link io.confchat.dht.internal.stream.NodeInternals}, the one door to them. Not exported
 * (except to {@code io.confchat.chat}, whose live sessions run on them).
 */
package io.confchat.dht.internal.stream;
