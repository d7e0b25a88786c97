package io.confchat.dht.internal.netty;

import io.confchat.dht.internal.rpc.Transport;
import io.confchat.dht.internal.wire.WireLimits;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the first frame of an inbound connection, the protocol id, and replaces itself with that
 * protocol's handlers; an unknown or malformed id closes the connection. One per channel.
 */
final class ProtocolSelector extends SimpleChannelInboundHandler<ByteBuf> {
    private static final Logger log = LoggerFactory.getLogger(ProtocolSelector.class);
    /** Name of the handler that closes a connection that does not name its protocol in time. */
    static final String HANDSHAKE_TIMEOUT = "handshake-timeout";

    private final ProtocolRegistry registry;
    private final Transport.PacketHandler dht;
    private final Consumer<Channel> onNamed;

    /** @param onNamed told when the connection named a protocol it may go on with */
    ProtocolSelector(ProtocolRegistry registry, Transport.PacketHandler dht, Consumer<Channel> onNamed) {
        this.registry = registry;
        this.dht = dht;
        this.onNamed = onNamed;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        if (frame.readableBytes() > WireLimits.MAX_PROTOCOL_ID_BYTES) {
            log.debug("closing {}: protocol id too long", ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        String id = frame.toString(StandardCharsets.US_ASCII);
        if (!ProtocolRegistry.DHT_PROTOCOL.equals(id) && registry.handler(id).isEmpty()) {
            log.debug("closing {}: unknown protocol {}", ctx.channel().remoteAddress(), id);
            ctx.close();
            return;
        }
        if (ctx.pipeline().get(HANDSHAKE_TIMEOUT) != null) {
            ctx.pipeline().remove(HANDSHAKE_TIMEOUT);
        }
        if (ProtocolRegistry.DHT_PROTOCOL.equals(id)) {
            Frames.widen(ctx.pipeline());
            onNamed.accept(ctx.channel());
            ctx.pipeline().replace(this, "dht", new DhtStreamHandler(dht));
            return;
        }
        Optional<io.confchat.dht.internal.stream.StreamProtocolHandler> handler = registry.handler(id);
        if (handler.isEmpty()) {
            log.debug("closing {}: unknown protocol {}", ctx.channel().remoteAddress(), id);
            ctx.close();
            return;
        }
        Frames.widen(ctx.pipeline());
        onNamed.accept(ctx.channel());
        ctx.pipeline().remove(this);
        handler.get().onConnection(ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("closing {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
