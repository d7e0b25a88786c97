package io.confchat.dht.internal.stream;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A TCP port of this node's own for one hole punch (the TCP simultaneous open of libp2p DCUtR,
 * docs/architecture.md#hole-punching): tell the peer {@link #port()} with the addresses this node
 * is seen at, learn the peer's, and at the agreed moment both sides {@link #connect} to each
 * other. Each side's outgoing SYN opens its own NAT for the other's; behind NATs that keep a
 * socket's port for every destination, the SYNs meet (a simultaneous open) or one reaches the
 * port's listener. Call {@code connect} once; {@link #close} releases the port. Thread-safe.
 */
public interface HolePunch extends AutoCloseable {
    /** The local port the peer must dial (at each of this node's addresses). */
    int port();

    /**
     * Connects from {@link #port()} to every address in {@code remotes} at once, trying a refused
     * address again until {@code within} has passed, and takes connections the peer makes to
     * this port from the IPs of {@code remotes}. Every connection made, framed like every stream
     * (no protocol id is sent), goes to {@code connections}, which owns it. Attempts stop at the
     * first connection; the port is released when the window ends.
     *
     * @return completes at the first connection; fails when none was made in time
     */
    CompletableFuture<Void> connect(List<InetSocketAddress> remotes, Duration within, Consumer<Channel> connections);

    /** Releases the port and stops every attempt still running. */
    @Override
    void close();
}
