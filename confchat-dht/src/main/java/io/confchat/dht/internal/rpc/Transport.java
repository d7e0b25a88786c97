package io.confchat.dht.internal.rpc;

import io.confchat.dht.time.Scheduler;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * Moves encoded DHT messages between nodes: datagrams for what fits, a stream (TCP on the same
 * port) for the rest. Knows nothing of their content. Implementations: the netty transport, and
 * the simulated network of the test fixtures.
 */
public interface Transport {

    /** Starts delivering inbound packets to {@code handler}; completes with the bound address. */
    CompletableFuture<InetSocketAddress> start(PacketHandler handler);

    /** Sends one datagram of at most {@link io.confchat.dht.internal.wire.WireLimits#MAX_DATAGRAM_BYTES}. */
    void sendDatagram(InetSocketAddress to, byte[] payload);

    /**
     * Sends one frame over a stream to {@code to}, opening one if needed. Replies come back through
     * the handler. The future fails if no connection could be made.
     */
    CompletableFuture<Void> sendStream(InetSocketAddress to, byte[] frame);

    /**
     * Opens a new TCP connection to {@code to} for another stream protocol on the node's shared
     * port: framed like every stream (see {@code StreamProtocolHandler}), its first frame already
     * naming {@code protocolId}. The caller adds its handlers and owns the channel.
     */
    default CompletableFuture<Channel> openStream(InetSocketAddress to, String protocolId) {
        return CompletableFuture.failedFuture(
                new UnsupportedOperationException(getClass().getSimpleName() + " carries no stream protocols"));
    }

    /**
     * Sends one datagram from a port other than this transport's own (a throwaway socket), as a
     * reachability dial-back must: a NAT that lets answers to our earlier packets through would
     * let a datagram from our own port through too. Nothing by default.
     */
    default void sendDatagramFromOtherPort(InetSocketAddress to, byte[] payload) {}

    /**
     * Binds a fresh TCP port for one hole punch (see {@link io.confchat.dht.internal.stream.HolePunch});
     * fails by default (a transport without streams).
     */
    default CompletableFuture<io.confchat.dht.internal.stream.HolePunch> prepareHolePunch() {
        return CompletableFuture.failedFuture(
                new UnsupportedOperationException(getClass().getSimpleName() + " cannot punch holes"));
    }

    /**
     * The scheduler for request timers (a request's timeout, a lookup's slow mark), which are
     * scheduled and almost always cancelled once per request: {@code scheduler} itself by default;
     * a transport with threads of its own may run them there, on {@code scheduler}'s clock.
     */
    default Scheduler requestTimers(Scheduler scheduler) {
        return scheduler;
    }

    /** True when {@link #openStream} works (the netty transport); false by default. */
    default boolean carriesStreams() {
        return false;
    }

    /** TCP connections other nodes opened to this one and still open (none by default). */
    default int inboundConnections() {
        return 0;
    }

    /**
     * TCP connections this node opened and still open: DHT streams and other stream protocols
     * (none by default).
     */
    default int outboundConnections() {
        return 0;
    }

    /**
     * True when {@link #close} releases everything at once, with no socket to wait for (the
     * simulated network): the node then closes on the caller's thread instead of a thread of its
     * own, so a simulation stays on one thread. False by default.
     */
    default boolean closesAtOnce() {
        return false;
    }

    /** Stops receiving and releases sockets. */
    void close();

    /** Receives packets; called on transport threads, must not block. */
    @FunctionalInterface
    interface PacketHandler {
        void onPacket(InetSocketAddress from, byte[] payload, Reply reply);
    }

    /** The way back to a packet's sender: the same datagram socket, or the same stream. */
    interface Reply {
        /** True when the packet came as a datagram (and so a reply must fit in one). */
        boolean isDatagram();

        /** Sends the reply back on the path the packet came from. */
        void send(byte[] payload);
    }
}
