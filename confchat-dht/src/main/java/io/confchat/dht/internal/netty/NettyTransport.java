package io.confchat.dht.internal.netty;

import io.confchat.dht.internal.routing.IpDiversity;
import io.confchat.dht.internal.rpc.Transport;
import io.confchat.dht.internal.stream.HolePunch;
import io.confchat.dht.internal.wire.WireLimits;
import io.confchat.dht.time.Scheduler;
import io.confchat.dht.time.SystemScheduler;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The real {@link Transport}: netty NIO, UDP and TCP bound to the same port. Outbound streams are
 * pooled, one connection per peer, closed after a minute idle; every connection starts with the
 * DHT protocol id. The only place netty futures become {@link CompletableFuture}s.
 */
public final class NettyTransport implements Transport {
    private static final int BIND_ATTEMPTS = 8;
    private static final int IDLE_SECONDS = 60;
    /** Most pooled outbound streams. */
    static final int MAX_OUTBOUND = 512;

    private final ChannelGroup inbound = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    /**
     * Netty's datagram read: buffers of 2,048 bytes (its default, above {@link
     * WireLimits#MAX_DATAGRAM_BYTES}), one datagram per readiness event. By default it reads on
     * until a read finds nothing, and a node's socket usually holds one datagram when it wakes:
     * every datagram cost a second receive that failed with EAGAIN (perf, getThroughput: one in
     * two recvfrom calls). A datagram still queued is reported by the next select, which serves
     * every socket of the loop at once.
     */
    private static final RecvByteBufAllocator ONE_DATAGRAM_PER_READ =
            new FixedRecvByteBufAllocator(2048).maxMessagesPerRead(1);

    /** Connections this node opened (a closed channel leaves the group by itself). */
    private final ChannelGroup outbound = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    private final Map<InetAddress, Integer> inboundPerIp = new ConcurrentHashMap<>();

    private final String host;
    private final int port;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final ProtocolRegistry registry;
    private final InboundLimits limits;
    private final HalfOpenConnections halfOpen;
    private final OutboundStreams streams = new OutboundStreams(MAX_OUTBOUND);
    private volatile PacketHandler handler;
    private volatile Channel udp;
    private volatile Channel tcp;

    /**
     * @param host the address to bind; null for every interface (dual-stack where IPv6 exists)
     * @param group the event loops to run on; null to own a one-thread group, shut down on close
     */
    public NettyTransport(String host, int port, EventLoopGroup group, ProtocolRegistry registry) {
        this(host, port, group, registry, InboundLimits.DEFAULT);
    }

    /** As above, with explicit limits on inbound connections. */
    public NettyTransport(
            String host, int port, EventLoopGroup group, ProtocolRegistry registry, InboundLimits limits) {
        this.limits = limits;
        this.halfOpen = new HalfOpenConnections(limits);
        this.host = host;
        this.port = port;
        this.ownsGroup = group == null;
        this.group = group != null ? group : new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        this.registry = registry;
    }

    @Override
    public CompletableFuture<InetSocketAddress> start(PacketHandler packetHandler) {
        this.handler = packetHandler;
        // never on an event loop: binding waits for netty futures
        return CompletableFuture.supplyAsync(this::bind);
    }

    /** Binds UDP, then TCP to the same port; with port 0, retries until both get one port. */
    private InetSocketAddress bind() {
        RuntimeException last = null;
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            Channel datagram = new Bootstrap()
                    .group(group)
                    .channel(NioDatagramChannel.class)
                    .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, ONE_DATAGRAM_PER_READ)
                    .handler(new DatagramHandler(handler))
                    .bind(bindAddress(port))
                    .syncUninterruptibly()
                    .channel();
            int bound = ((InetSocketAddress) datagram.localAddress()).getPort();
            ChannelFuture server = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (!admitInbound(ch)) {
                                ch.close();
                                return;
                            }
                            halfOpen.admit(ch);
                            installInbound(
                                    ch.pipeline(), registry, handler, limits.handshakeDeadline(), halfOpen::named);
                        }
                    })
                    .bind(bindAddress(bound))
                    .awaitUninterruptibly();
            if (server.isSuccess()) {
                this.udp = datagram;
                this.tcp = server.channel();
                return (InetSocketAddress) datagram.localAddress();
            }
            datagram.close().syncUninterruptibly();
            last = new IllegalStateException("could not bind TCP to " + bindAddress(bound), server.cause());
            if (port != 0) {
                break;
            }
        }
        throw last;
    }

    private InetSocketAddress bindAddress(int port) {
        return host != null ? new InetSocketAddress(host, port) : new InetSocketAddress(port);
    }

    /**
     * The pipeline of an accepted connection: idle timer, a first-frame decoder limited to a
     * protocol id, an absolute deadline to name the protocol, and the selector that hands the
     * connection on.
     */
    static void installInbound(
            ChannelPipeline p,
            ProtocolRegistry registry,
            PacketHandler handler,
            Duration deadline,
            Consumer<Channel> onNamed) {
        p.addLast(new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS));
        Frames.installForProtocolId(p);
        p.addLast(ProtocolSelector.HANDSHAKE_TIMEOUT, new HandshakeDeadline(deadline));
        p.addLast(new ProtocolSelector(registry, handler, onNamed));
    }

    /** Counts an accepted connection against the caps; false if it must be refused. */
    private boolean admitInbound(SocketChannel ch) {
        InetAddress ip = ch.remoteAddress().getAddress();
        if (inbound.size() >= limits.established()) {
            return false;
        }
        if (!IpDiversity.isExempt(ip)) {
            int n = inboundPerIp.merge(ip, 1, Integer::sum);
            if (n > limits.establishedPerIp()) {
                inboundPerIp.merge(ip, -1, (a, b) -> a + b == 0 ? null : a + b);
                return false;
            }
            ch.closeFuture().addListener(f -> inboundPerIp.merge(ip, -1, (a, b) -> a + b == 0 ? null : a + b));
        }
        inbound.add(ch);
        return true;
    }

    /** Inbound connections that have not named their protocol yet, for tests and monitoring. */
    int halfOpenCount() {
        return halfOpen.size();
    }

    @Override
    public int inboundConnections() {
        return inbound.size();
    }

    @Override
    public int outboundConnections() {
        return outbound.size();
    }

    @Override
    public void sendDatagram(InetSocketAddress to, byte[] payload) {
        if (payload.length > WireLimits.MAX_DATAGRAM_BYTES) {
            throw new IllegalArgumentException("datagram of " + payload.length + " bytes is too large");
        }
        Channel channel = udp;
        if (channel != null) {
            channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(payload), to));
        }
    }

    @Override
    public void sendDatagramFromOtherPort(InetSocketAddress to, byte[] payload) {
        if (payload.length > WireLimits.MAX_DATAGRAM_BYTES) {
            throw new IllegalArgumentException("datagram of " + payload.length + " bytes is too large");
        }
        new Bootstrap()
                .group(group)
                .channel(NioDatagramChannel.class)
                .handler(new ChannelInboundHandlerAdapter())
                .bind(0)
                .addListener((ChannelFuture bound) -> {
                    if (!bound.isSuccess()) {
                        return;
                    }
                    Channel throwaway = bound.channel();
                    throwaway
                            .writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(payload), to))
                            .addListener(sent -> throwaway.close());
                });
    }

    /**
     * Request timers on the UDP channel's event loop ({@link EventLoopTimers}) when {@code
     * scheduler} is the system clock; any other scheduler (a manual clock) keeps them.
     */
    @Override
    public Scheduler requestTimers(Scheduler scheduler) {
        return scheduler instanceof SystemScheduler ? new EventLoopTimers(() -> udp, scheduler) : scheduler;
    }

    @Override
    public boolean carriesStreams() {
        return true;
    }

    @Override
    public CompletableFuture<HolePunch> prepareHolePunch() {
        return NettyHolePunch.prepare(group, bindAddress(0));
    }

    @Override
    public CompletableFuture<Void> sendStream(InetSocketAddress to, byte[] frame) {
        return stream(to).thenCompose(channel -> toCompletable(channel.writeAndFlush(Unpooled.wrappedBuffer(frame))));
    }

    private CompletableFuture<Channel> stream(InetSocketAddress to) {
        return streams.get(to, () -> {
            CompletableFuture<Channel> fresh = new CompletableFuture<>();
            ChannelFuture connect = connect(to, p -> {
                p.addLast(new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS));
                Frames.install(p);
                p.addLast(new DhtStreamHandler(handler));
            });
            connect.addListener(f -> {
                if (!f.isSuccess()) {
                    fresh.completeExceptionally(f.cause());
                    return;
                }
                Channel ch = connect.channel();
                byte[] id = ProtocolRegistry.DHT_PROTOCOL.getBytes(StandardCharsets.US_ASCII);
                ch.writeAndFlush(Unpooled.wrappedBuffer(id));
                fresh.complete(ch);
            });
            return fresh;
        });
    }

    @Override
    public CompletableFuture<Channel> openStream(InetSocketAddress to, String protocolId) {
        byte[] id = protocolId.getBytes(StandardCharsets.US_ASCII);
        if (ProtocolRegistry.DHT_PROTOCOL.equals(protocolId) || id.length > WireLimits.MAX_PROTOCOL_ID_BYTES) {
            throw new IllegalArgumentException("not a stream protocol id: " + protocolId);
        }
        ChannelFuture connect = connect(to, Frames::install);
        CompletableFuture<Channel> out = new CompletableFuture<>();
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                out.completeExceptionally(f.cause());
                return;
            }
            Channel ch = connect.channel();
            ch.writeAndFlush(Unpooled.wrappedBuffer(id));
            out.complete(ch);
        });
        return out;
    }

    /** Opens an outbound TCP connection whose pipeline {@code pipeline} sets up. */
    private ChannelFuture connect(InetSocketAddress to, Consumer<ChannelPipeline> pipeline) {
        return new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 3000)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        outbound.add(ch);
                        pipeline.accept(ch.pipeline());
                    }
                })
                .connect(to);
    }

    private static CompletableFuture<Void> toCompletable(Future<?> f) {
        CompletableFuture<Void> out = new CompletableFuture<>();
        f.addListener(done -> {
            if (done.isSuccess()) {
                out.complete(null);
            } else {
                out.completeExceptionally(done.cause());
            }
        });
        return out;
    }

    /** Closes a channel, waiting for it unless called on an event loop (where waiting would deadlock). */
    private static void closeChannel(Channel channel) {
        if (channel == null) {
            return;
        }
        ChannelFuture closed = channel.close();
        if (!channel.eventLoop().inEventLoop()) {
            closed.awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        streams.closeAll();
        closeChannel(udp);
        closeChannel(tcp);
        inbound.close();
        if (ownsGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
