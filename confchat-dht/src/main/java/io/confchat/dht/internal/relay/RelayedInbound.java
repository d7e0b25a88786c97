package io.confchat.dht.internal.relay;

import io.confchat.dht.internal.netty.ProtocolRegistry;
import io.confchat.dht.internal.stream.Relayed;
import io.confchat.dht.internal.stream.StreamProtocolHandler;
import io.confchat.dht.internal.wire.WireLimits;
import io.confchat.dht.time.Scheduler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start of a circuit a dialer opened to this node through a relay: its first frame names the
 * protocol, as on a direct connection, and the connection goes to that protocol's handler, marked
 * {@link Relayed#RELAY}. The DHT's own protocol is not served this way (a client takes no RPCs),
 * nor is an unknown one; the protocol must be named within {@link #DEADLINE}. One per circuit.
 */
final class RelayedInbound extends SimpleChannelInboundHandler<ByteBuf> {
    private static final Logger log = LoggerFactory.getLogger(RelayedInbound.class);
    static final Duration DEADLINE = Duration.ofSeconds(10);

    private final InetSocketAddress relay;
    private final Function<String, Optional<StreamProtocolHandler>> handlers;
    private final Scheduler scheduler;
    private Scheduler.Cancellable deadline = () -> {};

    RelayedInbound(
            InetSocketAddress relay, Function<String, Optional<StreamProtocolHandler>> handlers, Scheduler scheduler) {
        this.relay = relay;
        this.handlers = handlers;
        this.scheduler = scheduler;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        deadline = scheduler.schedule(DEADLINE, ctx::close);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        deadline.cancel();
        String id = frame.readableBytes() <= WireLimits.MAX_PROTOCOL_ID_BYTES
                ? frame.toString(StandardCharsets.US_ASCII)
                : "";
        Optional<StreamProtocolHandler> handler =
                ProtocolRegistry.DHT_PROTOCOL.equals(id) ? Optional.empty() : handlers.apply(id);
        if (handler.isEmpty()) {
            log.debug("closing a circuit through {}: protocol '{}' not served over relays", relay, id);
            ctx.close();
            return;
        }
        ctx.channel().attr(Relayed.RELAY).set(relay);
        ctx.pipeline().remove(this);
        handler.get().onConnection(ctx.channel());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        deadline.cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
