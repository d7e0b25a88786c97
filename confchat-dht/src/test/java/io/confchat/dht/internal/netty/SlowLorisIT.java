package io.confchat.dht.internal.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Slow-loris on real sockets (127.0.0.1, a free port): 500 connections that trickle one byte
 * every 0.5 s (faster than any idle timer would allow) and never name a protocol are all closed by the absolute handshake deadline (2 s here), at
 * most 8 of them are ever half-open at once (each newer one pushes out the oldest of its IP), and
 * an honest peer that connects meanwhile is served although the node takes only 256 connections.
 */
class SlowLorisIT {
    private static final Duration DEADLINE = Duration.ofSeconds(2);
    private static final int ATTACKERS = 500;
    /**
     * One byte per this: the "1 byte per 5 s against a 10 s deadline", scaled to the 2 s
     * deadline of this test. An idle timer would never fire; only an absolute deadline closes them.
     */
    private static final Duration TRICKLE = Duration.ofMillis(500);

    @Test
    void tricklingConnections_areClosedByTheDeadline_whileAnHonestPeerIsServed() throws Exception {
        // 256 connections at most: without the half-open cap the 500 tricklers would hold them all
        InboundLimits limits = new InboundLimits(DEADLINE, 8, 128, 256, 32);
        NettyTransport server = new NettyTransport("127.0.0.1", 0, null, new ProtocolRegistry(), limits);
        InetSocketAddress address =
                server.start((from, payload, reply) -> reply.send(payload)).get(10, TimeUnit.SECONDS);
        EventLoopGroup clients = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            CountDownLatch closed = new CountDownLatch(ATTACKERS);
            AtomicInteger maxHalfOpen = new AtomicInteger();
            long start = System.nanoTime();
            List<Channel> attackers = new ArrayList<>();
            for (int i = 0; i < ATTACKERS; i++) {
                attackers.add(connect(clients, address, new Trickler(closed)));
                maxHalfOpen.accumulateAndGet(server.halfOpenCount(), Math::max);
            }

            CompletableFuture<byte[]> echo = new CompletableFuture<>();
            Channel honest = connect(clients, address, new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ByteBuf b = (ByteBuf) msg;
                    if (b.readableBytes() >= 8) {
                        b.skipBytes(4);
                        byte[] body = new byte[b.readableBytes()];
                        b.readBytes(body);
                        echo.complete(body);
                    }
                    b.release();
                }
            });
            byte[] id = ProtocolRegistry.DHT_PROTOCOL.getBytes(StandardCharsets.US_ASCII);
            byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
            honest.writeAndFlush(Unpooled.buffer()
                    .writeInt(id.length)
                    .writeBytes(id)
                    .writeInt(hello.length)
                    .writeBytes(hello));
            assertThat(echo.get(5, TimeUnit.SECONDS)).isEqualTo(hello);

            assertThat(closed.await(DEADLINE.toMillis() + 3_000, TimeUnit.MILLISECONDS))
                    .as("all trickling connections closed, %d left", closed.getCount())
                    .isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(DEADLINE.plusSeconds(4));
            assertThat(maxHalfOpen.get()).isLessThanOrEqualTo(8);
            assertThat(honest.isActive()).as("the honest connection stays open").isTrue();
            honest.close();
        } finally {
            clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            server.close();
        }
    }

    private static Channel connect(EventLoopGroup group, InetSocketAddress to, ChannelInboundHandlerAdapter handler) {
        return new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(handler);
                    }
                })
                .connect(to)
                .syncUninterruptibly()
                .channel();
    }

    /** Sends one byte of a length prefix at once and one more every {@link #TRICKLE}, never a whole frame. */
    private static final class Trickler extends ChannelInboundHandlerAdapter {
        private final CountDownLatch closed;

        Trickler(CountDownLatch closed) {
            this.closed = closed;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {0}));
            ctx.executor()
                    .scheduleAtFixedRate(
                            () -> ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {0})),
                            TRICKLE.toMillis(),
                            TRICKLE.toMillis(),
                            TimeUnit.MILLISECONDS);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closed.countDown();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
