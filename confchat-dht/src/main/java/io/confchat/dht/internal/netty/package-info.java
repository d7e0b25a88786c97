/**
 * The netty transport: {@link io.confchat.dht.internal.netty.NettyTransport} binds UDP and TCP to
 * one port. TCP pipelines read, in order: idle timer, bounded length-prefixed frames
 * ({@code Frames}), then the {@code ProtocolSelector}, which reads the first frame (the protocol
 * id) and hands the connection to the DHT or to a registered stream protocol.
 */
package io.confchat.dht.internal.netty;
