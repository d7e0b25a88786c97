package io.confchat.dht.internal.netty;

import io.confchat.dht.internal.stream.HolePunch;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The netty {@link HolePunch}: a listener bound with {@code SO_REUSEADDR} and {@code SO_REUSEPORT}
 * to a fresh port, and connection attempts from that same port (each a new socket with the same
 * options), so every SYN leaves from it and a port-preserving NAT maps them all to one public port.
 * A peer's SYN that arrives while ours is out meets it (simultaneous open); one that arrives after
 * is taken by the listener, but only from the IPs the peer gave. With no NAT in between (two
 * machines on one LAN) the peer's SYN can reach the listener before this side {@link #connect}s
 * (the peer dials at the sync, this side half a round trip later): such a connection is held, at
 * most {@value #MAX_EARLY}, until {@code connect} says whom to expect. An attempt refused at once (a
 * router answering RST to a SYN that came before the peer's went out) is tried again
 * {@link #RETRY_GAP} later; a SYN a router drops is retransmitted by the kernel. Thread-safe.
 */
final class NettyHolePunch implements HolePunch {
    static final Duration RETRY_GAP = Duration.ofMillis(100);
    /** Connections held that came before {@link #connect} (the peer dials at most 4 addresses). */
    static final int MAX_EARLY = 4;

    private final EventLoopGroup group;
    private final InetSocketAddress local;
    private final Channel listener;
    private final Set<Channel> attempts = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> first = new CompletableFuture<>();
    private final List<SocketChannel> early = new ArrayList<>(); // guarded by this
    private volatile Set<InetAddress> peerIps = Set.of();
    private volatile Consumer<Channel> sink;
    private volatile boolean closed;

    private NettyHolePunch(EventLoopGroup group, Channel listener) {
        this.group = group;
        this.listener = listener;
        this.local = (InetSocketAddress) listener.localAddress();
    }

    /** Binds a fresh port on {@code bindAddress} (port 0) for one punch. */
    static CompletableFuture<HolePunch> prepare(EventLoopGroup group, InetSocketAddress bindAddress) {
        CompletableFuture<HolePunch> out = new CompletableFuture<>();
        NettyHolePunch[] self = new NettyHolePunch[1];
        ChannelFuture bound = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (self[0] == null) {
                            ch.close(); // not handed out yet: nobody can be expected
                        } else {
                            self[0].accepted(ch);
                        }
                    }
                })
                .bind(bindAddress);
        bound.addListener(f -> {
            if (f.isSuccess()) {
                self[0] = new NettyHolePunch(group, bound.channel());
                out.complete(self[0]);
            } else {
                out.completeExceptionally(f.cause());
            }
        });
        return out;
    }

    @Override
    public int port() {
        return local.getPort();
    }

    @Override
    public CompletableFuture<Void> connect(
            List<InetSocketAddress> remotes, Duration within, Consumer<Channel> connections) {
        List<SocketChannel> before;
        synchronized (this) {
            this.peerIps = Set.copyOf(
                    remotes.stream().map(InetSocketAddress::getAddress).toList());
            this.sink = connections;
            before = List.copyOf(early);
            early.clear();
        }
        before.forEach(ch -> ch.eventLoop().execute(() -> accepted(ch)));
        long deadline = System.nanoTime() + within.toNanos();
        for (InetSocketAddress remote : remotes) {
            attempt(remote, deadline);
        }
        group.schedule(
                () -> {
                    first.completeExceptionally(new ConnectException("no hole punched within " + within));
                    close();
                },
                within.toNanos(),
                TimeUnit.NANOSECONDS);
        return first;
    }

    /** A connection to our port: the peer's, if it comes from an IP it gave. */
    private void accepted(SocketChannel ch) {
        Consumer<Channel> to;
        synchronized (this) {
            to = sink;
            if (!closed && to == null && early.size() < MAX_EARLY) {
                // before connect: whether it is the peer's is known then; what it sends (the
                // peer's first handshake message) waits in the socket until a handler is there
                ch.config().setAutoRead(false);
                early.add(ch);
                return;
            }
        }
        if (closed
                || to == null
                || !ch.isActive()
                || !peerIps.contains(ch.remoteAddress().getAddress())) {
            ch.close();
            return;
        }
        made(ch, to);
    }

    private void attempt(InetSocketAddress remote, long deadline) {
        long left = deadline - System.nanoTime();
        if (closed || first.isDone() || left <= 0) {
            return;
        }
        ChannelFuture connect = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {}
                })
                .connect(remote, local);
        attempts.add(connect.channel());
        connect.addListener(f -> {
            attempts.remove(connect.channel());
            if (f.isSuccess()) {
                made(connect.channel(), sink);
            } else {
                group.schedule(() -> attempt(remote, deadline), RETRY_GAP.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    private void made(Channel ch, Consumer<Channel> to) {
        Frames.install(ch.pipeline());
        first.complete(null);
        attempts.forEach(Channel::close); // the SYNs still out are not needed any more
        to.accept(ch);
        ch.config().setAutoRead(true); // a connection held before connect reads from now on
    }

    @Override
    public void close() {
        List<SocketChannel> held;
        synchronized (this) {
            closed = true;
            held = List.copyOf(early);
            early.clear();
        }
        held.forEach(Channel::close);
        first.completeExceptionally(new ConnectException("the hole punch was closed"));
        listener.close();
        attempts.forEach(Channel::close);
    }
}
