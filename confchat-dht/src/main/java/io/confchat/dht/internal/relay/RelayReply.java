package io.confchat.dht.internal.relay;

import io.confchat.dht.internal.relay.proto.RelayMessage;
import io.confchat.dht.time.Scheduler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Waits for the relay's one answer to a circuit request (a dialer's Connect or a node's Accept):
 * {@code Bridged} completes the future with the channel, now a byte stream to the other end, and
 * removes this handler before any byte of the other end is read; a refusal, a malformed answer,
 * a close or {@link #TIMEOUT} without an answer fails it and closes the channel.
 */
final class RelayReply extends SimpleChannelInboundHandler<ByteBuf> {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final CompletableFuture<Channel> result;
    private final String what;

    private RelayReply(CompletableFuture<Channel> result, String what) {
        this.result = result;
        this.what = what;
    }

    /** Sends {@code request} on {@code channel} and completes once the relay bridged it. */
    static CompletableFuture<Channel> bridged(Channel channel, RelayMessage request, Scheduler scheduler, String what) {
        CompletableFuture<Channel> result = new CompletableFuture<>();
        Scheduler.Cancellable timer = scheduler.schedule(TIMEOUT, () -> {
            if (result.completeExceptionally(new RelayException(what + ": the relay did not answer"))) {
                channel.close();
            }
        });
        result.whenComplete((c, e) -> timer.cancel());
        channel.pipeline().addLast(new RelayReply(result, what));
        channel.writeAndFlush(RelayProtocol.encode(request));
        return result;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        RelayMessage m = RelayProtocol.decode(frame).orElse(null);
        if (m != null && m.hasBridged()) {
            ctx.pipeline().remove(this);
            result.complete(ctx.channel());
            return;
        }
        String why = m != null && m.hasRefused() ? m.getRefused().getReason().name() : "a malformed answer";
        result.completeExceptionally(new RelayException(what + ": refused by the relay (" + why + ")"));
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        result.completeExceptionally(new RelayException(what + ": the relay closed the connection"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        result.completeExceptionally(new RelayException(what + ": " + cause.getMessage()));
        ctx.close();
    }
}
