/**
 * The DHT wire protocol: domain {@link io.confchat.dht.internal.wire.Message}s and the strict
 * {@link io.confchat.dht.internal.wire.WireCodec} that maps them to the generated {@code dht.proto}
 * classes. Generated classes never leave this package. Every limit is in
 * {@link io.confchat.dht.internal.wire.WireLimits}; any violation is a
 * {@link io.confchat.api.ProtocolViolationException}.
 *
 * <pre>
 *   UDP datagram (&lt;= 1,232 B)            TCP connection
 *   +----------------------+             +-----------+------------------+-----------+----
 *   | Envelope (protobuf)  |             | len | "/confchat/dht/1"      | len | Envelope | ...
 *   +----------------------+             +-----------+------------------+-----------+----
 * </pre>
 */
package io.confchat.dht.internal.wire;
