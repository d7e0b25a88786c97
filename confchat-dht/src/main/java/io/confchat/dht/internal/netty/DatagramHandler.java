package io.confchat.dht.internal.netty;

import io.confchat.dht.internal.rpc.Transport;
import io.confchat.dht.internal.wire.WireLimits;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands each inbound datagram of acceptable size to the packet handler; stateless. */
@ChannelHandler.Sharable
final class DatagramHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger log = LoggerFactory.getLogger(DatagramHandler.class);
    private final Transport.PacketHandler handler;

    DatagramHandler(Transport.PacketHandler handler) {
        this.handler = handler;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        int size = packet.content().readableBytes();
        if (size > WireLimits.MAX_DATAGRAM_BYTES) {
            log.debug("dropped oversized datagram of {} bytes from {}", size, packet.sender());
            return;
        }
        InetSocketAddress sender = packet.sender();
        handler.onPacket(sender, Frames.bytes(packet.content()), new Transport.Reply() {
            @Override
            public boolean isDatagram() {
                return true;
            }

            @Override
            public void send(byte[] payload) {
                ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(payload), sender));
            }
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("datagram channel error", cause);
    }
}
