package io.confchat.dht.internal.netty;

import io.confchat.dht.internal.rpc.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each DHT frame of a TCP connection to the packet handler, with a reply path back down the
 * same connection. Used on both ends of a connection. One per channel.
 */
final class DhtStreamHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private static final Logger log = LoggerFactory.getLogger(DhtStreamHandler.class);
    private final Transport.PacketHandler handler;

    DhtStreamHandler(Transport.PacketHandler handler) {
        this.handler = handler;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        Channel channel = ctx.channel();
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        handler.onPacket(remote, Frames.bytes(frame), new Transport.Reply() {
            @Override
            public boolean isDatagram() {
                return false;
            }

            @Override
            public void send(byte[] payload) {
                channel.writeAndFlush(Unpooled.wrappedBuffer(payload));
            }
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("closing DHT stream from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
