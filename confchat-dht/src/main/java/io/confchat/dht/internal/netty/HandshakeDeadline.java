package io.confchat.dht.internal.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that has not named its protocol within a fixed time of being accepted.
 * Unlike an idle timer, bytes arriving do not postpone it, so a peer trickling one byte every few
 * seconds (slow-loris) cannot hold a slot: the deadline is absolute. {@link ProtocolSelector}
 * removes it once the protocol is named. One per channel.
 */
final class HandshakeDeadline extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(HandshakeDeadline.class);
    private final Duration deadline;
    private ScheduledFuture<?> timer;

    HandshakeDeadline(Duration deadline) {
        this.deadline = deadline;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timer = ctx.executor()
                .schedule(
                        () -> {
                            log.debug(
                                    "closing {}: no protocol named within {}",
                                    ctx.channel().remoteAddress(),
                                    deadline);
                            ctx.close();
                        },
                        deadline.toNanos(),
                        TimeUnit.NANOSECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
