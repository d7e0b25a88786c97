package io.confchat.bench.chat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The raw floor: a bare netty TCP echo on 127.0.0.1 with the framing of a live session (4-byte
 * length prefix, {@code TCP_NODELAY}) and its write batching (the sender queues, one event-loop
 * task writes everything queued and flushes once; the echo side flushes once per read burst). No
 * encryption, no protobuf, no acks: the 100 bytes come back as they are.
 */
final class NettyEchoLink implements MessageLink {
    private static final byte[] PAYLOAD = TEXT.getBytes(StandardCharsets.US_ASCII);

    private final Channel server;
    private final Channel client;
    private final Queue<ByteBuf> outbound = new ConcurrentLinkedQueue<>();
    private final Queue<CompletableFuture<Void>> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();

    NettyEchoLink(EventLoopGroup group) {
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        framing(ch);
                        ch.pipeline().addLast(new Echo());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .syncUninterruptibly()
                .channel();
        client = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        framing(ch);
                        ch.pipeline().addLast(new Replies());
                    }
                })
                .connect(server.localAddress())
                .syncUninterruptibly()
                .channel();
    }

    private static void framing(SocketChannel ch) {
        ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(1 << 20, 0, 4, 0, 4));
        ch.pipeline().addLast(new LengthFieldPrepender(4));
    }

    @Override
    public CompletableFuture<Void> send() {
        CompletableFuture<Void> echoed = new CompletableFuture<>();
        pending.add(echoed); // one sender: replies come back in this order
        outbound.add(Unpooled.wrappedBuffer(PAYLOAD));
        if (flushScheduled.compareAndSet(false, true)) {
            client.eventLoop().execute(this::flush);
        }
        return echoed;
    }

    private void flush() {
        flushScheduled.set(false);
        ByteBuf b;
        while ((b = outbound.poll()) != null) {
            client.write(b, client.voidPromise());
        }
        client.flush();
    }

    @Override
    public String describe() {
        return "netty-echo: bare netty TCP echo of 100 bytes, length-prefixed, same write batching";
    }

    @Override
    public void close() {
        client.close().syncUninterruptibly();
        server.close().syncUninterruptibly();
    }

    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg, ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }

    private final class Replies extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ((ByteBuf) msg).release();
            CompletableFuture<Void> echoed = pending.poll();
            if (echoed != null) {
                echoed.complete(null);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            CompletableFuture<Void> f;
            while ((f = pending.poll()) != null) {
                f.completeExceptionally(new IllegalStateException("the echo connection closed"));
            }
        }
    }
}
