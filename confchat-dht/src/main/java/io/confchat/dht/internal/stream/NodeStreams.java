package io.confchat.dht.internal.stream;

import io.confchat.dht.relay.RelayedEndpoint;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * The stream connections of one running node (its shared TCP port, relays, hole punches), for the
 * chat layer's live sessions. Netty types: not part of the exported API; reached through {@link
 * NodeInternals#streams}. Thread-safe; futures fail with {@code NodeClosedException} after the
 * node closed.
 */
public interface NodeStreams {
    /**
     * Serves a stream protocol on the node's TCP port: inbound connections whose first frame is
     * {@code protocolId} go to {@code handler}.
     *
     * @throws IllegalArgumentException if the id is taken or not of the form {@code /name/...}
     */
    void register(String protocolId, StreamProtocolHandler handler);

    /**
     * Opens a TCP connection to another node's port for a stream protocol that node serves. The
     * channel is framed like every stream (4-byte length prefix, frames up to 256 KiB) and its
     * first frame, the protocol id, is already sent; the caller adds its handlers and closes it.
     *
     * @return the connected channel; fails if no connection could be made (or the transport carries
     *     no streams, as in the simulated network)
     */
    CompletableFuture<Channel> open(InetSocketAddress to, String protocolId);

    /**
     * Opens a stream to a node through a relay where it holds a reservation: framed like {@link
     * #open}, marked {@link Relayed#RELAY}. The relay reads none of it: run an end-to-end secured
     * protocol over it.
     *
     * @return the circuit; fails if the relay cannot be reached or refuses
     */
    CompletableFuture<Channel> openRelayed(RelayedEndpoint to, String protocolId);

    /**
     * Binds a fresh TCP port for a hole punch (see {@link HolePunch}).
     *
     * @return fails if the transport carries no streams (the simulated network)
     */
    CompletableFuture<HolePunch> prepareHolePunch();
}
