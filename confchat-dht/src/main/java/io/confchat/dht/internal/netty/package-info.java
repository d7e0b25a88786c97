/**
 * The netty transport: {@link io.confchat.dht.internal.netty.NettyTransport} binds UDP and TCP to
 * one port. TCP pipelines read, in order: idle timer, bounded length-prefixed frames
 * ({@code Frames}), an absolute deadline to name the protocol ({@code HandshakeDeadline}), then
 * the {@code ProtocolSelector}, which reads the first frame (the protocol id) and hands the
 * connection to the DHT or to a registered stream protocol. {@link
 * io.confchat.dht.internal.netty.InboundLimits} caps half-open connections per IP ({@code
 * HalfOpenConnections}); {@code OutboundStreams} pools outbound DHT streams (docs/dht-hardening.md).
 * UDP reads one datagram per readiness event; {@code EventLoopTimers} runs request timers on the
 * UDP channel's event loop.
 */
package io.confchat.dht.internal.netty;
