package io.confchat.dht.internal.reachability;

import io.confchat.dht.internal.stream.StreamProtocolHandler;
import io.confchat.dht.time.Scheduler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.time.Duration;

/**
 * Serves {@value DialBackProtocol#BACK}: a peer's TCP dial-back. Its one frame carries the nonce
 * of one of our requests ({@link DialBackNonces}); the connection is closed after it, or after
 * {@value #DEADLINE_SECONDS} s without it. Thread-safe.
 */
public final class DialBackReceiver implements StreamProtocolHandler {
    static final int DEADLINE_SECONDS = 10;

    private final DialBackNonces nonces;
    private final Scheduler scheduler;

    public DialBackReceiver(DialBackNonces nonces, Scheduler scheduler) {
        this.nonces = nonces;
        this.scheduler = scheduler;
    }

    @Override
    public void onConnection(Channel channel) {
        Scheduler.Cancellable deadline = scheduler.schedule(Duration.ofSeconds(DEADLINE_SECONDS), channel::close);
        channel.closeFuture().addListener(f -> deadline.cancel());
        channel.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                DialBackProtocol.dialBack(frame).ifPresent(nonces::arrivedTcp);
                ctx.close();
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close();
            }
        });
    }
}
