package io.confchat.dht.internal.reachability;

import io.confchat.dht.internal.reachability.proto.DialStatus;
import io.confchat.dht.time.Scheduler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Asks one server to dial this node back ({@value DialBackProtocol#REQUEST}): sends the request
 * and completes with the server's {@link DialStatus}, or {@code REFUSED} if it gives none within
 * {@link #TIMEOUT} (no stream, a malformed answer, silence). Thread-safe.
 */
public final class DialBackRequester implements ReachabilityProbe.Requester {
    /** A server that has not answered this long after the request is taken as refusing. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final DialBackServer.Network network;
    private final Scheduler scheduler;

    public DialBackRequester(DialBackServer.Network network, Scheduler scheduler) {
        this.network = network;
        this.scheduler = scheduler;
    }

    @Override
    public CompletableFuture<DialStatus> ask(InetSocketAddress server, byte[] nonce, int port) {
        CompletableFuture<DialStatus> out = new CompletableFuture<>();
        Scheduler.Cancellable timer = scheduler.schedule(TIMEOUT, () -> out.complete(DialStatus.DIAL_STATUS_REFUSED));
        network.openStream(server, DialBackProtocol.REQUEST).whenComplete((channel, error) -> {
            if (error != null) {
                out.complete(DialStatus.DIAL_STATUS_REFUSED);
                return;
            }
            out.whenComplete((s, e) -> channel.close());
            channel.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                    out.complete(DialBackProtocol.response(frame).orElse(DialStatus.DIAL_STATUS_REFUSED));
                }

                @Override
                public void channelInactive(ChannelHandlerContext ctx) {
                    out.complete(DialStatus.DIAL_STATUS_REFUSED);
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    ctx.close();
                }
            });
            send(channel, nonce, port);
        });
        out.whenComplete((s, e) -> timer.cancel());
        return out;
    }

    private static void send(Channel channel, byte[] nonce, int port) {
        channel.writeAndFlush(DialBackProtocol.encodeRequest(nonce, port));
    }
}
