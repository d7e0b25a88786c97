package io.confchat.dht.internal.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * One direction of a bridged circuit: copies every byte read on its channel to the other end,
 * unread and unframed (the ends' own protocol and encryption run through it), counting them
 * against the circuit's byte limit. When the other end cannot take more, reading here pauses
 * until it can (netty's proxy pattern), so a fast sender cannot fill the relay's memory. Closing
 * either end closes both. One per channel.
 */
final class Pipe extends ChannelInboundHandlerAdapter {
    private final Channel peer;
    private final long byteLimit;
    private final Runnable closeBoth;
    private long carried;

    /**
     * @param peer the circuit's other end
     * @param byteLimit bytes this direction may carry (0: no limit)
     * @param closeBoth ends the circuit (both connections)
     */
    Pipe(Channel peer, long byteLimit, Runnable closeBoth) {
        this.peer = peer;
        this.byteLimit = byteLimit;
        this.closeBoth = closeBoth;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        carried += bytes.readableBytes();
        if (byteLimit > 0 && carried > byteLimit) {
            bytes.release();
            closeBoth.run();
            return;
        }
        peer.writeAndFlush(bytes).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                closeBoth.run();
            }
        });
        if (!peer.isWritable()) {
            ctx.channel().config().setAutoRead(false); // resumed by the peer's writability change
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            peer.config().setAutoRead(true); // the peer's bytes may flow here again
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closeBoth.run(); // what was written to the peer still goes out before it closes
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof IdleStateEvent)) {
            ctx.fireUserEventTriggered(evt); // a quiet circuit is fine: its duration limit bounds it
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        closeBoth.run();
    }
}
