package io.confchat.chat.internal.session;

import io.confchat.chat.internal.crypto.NoiseException;
import io.confchat.chat.internal.crypto.NoiseHandshake;
import io.confchat.chat.internal.crypto.NoiseTransport;
import io.confchat.dht.time.Scheduler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the three Noise XX messages on a fresh connection, one per frame:
 *
 * <pre>
 *  initiator                              responder
 *     -> e                    (no payload)
 *     <- e, ee, s, es         (responder's identity payload)
 *     -> s, se                (initiator's identity payload)
 * </pre>
 *
 * The peer's payload must prove its identity key ({@link SessionIdentity}) and pass {@code
 * accept} (the dialer checks it reached the user it meant to); otherwise the connection closes
 * before any text is exchanged. The whole handshake must finish within an absolute deadline on
 * the injected clock (a peer trickling bytes cannot hold the connection). On success the handler
 * hands the split cipher states to {@code established}, which replaces it with the transport
 * handlers. One per channel.
 */
final class HandshakeHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(HandshakeHandler.class);

    private final NoiseHandshake handshake;
    private final byte[] ownPayload;
    private final Predicate<SessionIdentity.Peer> accept;
    private final Established established;
    private final Scheduler scheduler;
    private final Duration timeout;
    private Scheduler.Cancellable deadline = () -> {};
    private SessionIdentity.Peer peer;
    private int reads;
    private boolean done;

    HandshakeHandler(
            NoiseHandshake handshake,
            byte[] ownPayload,
            Predicate<SessionIdentity.Peer> accept,
            Scheduler scheduler,
            Duration timeout,
            Established established) {
        this.handshake = handshake;
        this.ownPayload = ownPayload;
        this.accept = accept;
        this.scheduler = scheduler;
        this.timeout = timeout;
        this.established = established;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws NoiseException {
        deadline = scheduler.schedule(timeout, () -> {
            if (!done) {
                log.debug("session handshake with {} timed out", ctx.channel().remoteAddress());
                ctx.channel().close();
            }
        });
        if (handshake.isInitiator() && ctx.channel().isActive()) {
            write(ctx, handshake.writeMessage(new byte[0]));
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (done) {
            frame.release(); // nothing may follow a failed handshake
            return;
        }
        try {
            byte[] payload = handshake.readMessage(ByteBufUtil.getBytes(frame));
            reads++;
            // the responder's identity rides on message 2 (its first read by the initiator), the
            // initiator's on message 3 (the responder's second read)
            if (reads == (handshake.isInitiator() ? 1 : 2)) {
                peer = SessionIdentity.verify(payload, handshake.remoteStaticKey())
                        .filter(accept)
                        .orElse(null);
                if (peer == null) {
                    fail(ctx, "the peer did not prove the expected identity");
                    return;
                }
            }
            if (handshake.isMyTurnToWrite()) {
                write(ctx, handshake.writeMessage(ownPayload));
            }
            if (handshake.isComplete()) {
                done = true;
                deadline.cancel();
                NoiseTransport transport = handshake.split();
                established.on(ctx, transport, peer, handshake.isInitiator());
            }
        } catch (NoiseException | RuntimeException e) {
            fail(ctx, e.getMessage());
        } finally {
            frame.release();
        }
    }

    private static void write(ChannelHandlerContext ctx, byte[] message) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(message));
    }

    private void fail(ChannelHandlerContext ctx, String reason) {
        done = true;
        deadline.cancel();
        log.debug("session handshake with {} failed: {}", ctx.channel().remoteAddress(), reason);
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause.toString());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        deadline.cancel();
        ctx.fireChannelInactive();
    }

    /** Receives a channel whose handshake completed; replaces the handshake handler. */
    @FunctionalInterface
    interface Established {
        void on(ChannelHandlerContext ctx, NoiseTransport transport, SessionIdentity.Peer peer, boolean initiator);
    }
}
