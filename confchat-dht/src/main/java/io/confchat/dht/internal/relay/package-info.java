/**
 * Relays (relay.proto): {@link io.confchat.dht.internal.relay.RelayServer} grants reservations
 * ({@link io.confchat.dht.internal.relay.Reservations}) and bridges circuits ({@link
 * io.confchat.dht.internal.relay.Circuits}, {@link io.confchat.dht.internal.relay.Bridge}, {@link
 * io.confchat.dht.internal.relay.Pipe}); {@link io.confchat.dht.internal.relay.RelayClient} holds
 * a private node's reservations and takes the circuits dialed to it; {@link
 * io.confchat.dht.internal.relay.RelayDialer} opens circuits.
 */
package io.confchat.dht.internal.relay;
