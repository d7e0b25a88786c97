package io.confchat.chat.internal.session;

import io.confchat.chat.internal.crypto.NoiseException;
import io.confchat.chat.internal.crypto.NoiseHandshake;
import io.confchat.chat.internal.crypto.NoiseTransport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.Optional;
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
 * before any text is exchanged. On success the handler hands the split cipher states on and
 * removes itself. One per channel.
 */
final class NoiseHandshakeHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(NoiseHandshakeHandler.class);

    private final NoiseHandshake handshake;
    private final byte[] ownPayload;
    private final Predicate<SessionIdentity.Peer> accept;
    private final Established established;
    private SessionIdentity.Peer peer;
    private int reads;

    NoiseHandshakeHandler(
            NoiseHandshake handshake,
            byte[] ownPayload,
            Predicate<SessionIdentity.Peer> accept,
            Established established) {
        this.handshake = handshake;
        this.ownPayload = ownPayload;
        this.accept = accept;
        this.established = established;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws NoiseException {
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
        try {
            byte[] payload = handshake.readMessage(ByteBufUtil.getBytes(frame));
            reads++;
            // the responder's identity rides on message 2 (its first read by the initiator), the
            // initiator's on message 3 (the responder's second read)
            if (reads == (handshake.isInitiator() ? 1 : 2)) {
                Optional<SessionIdentity.Peer> proven = SessionIdentity.verify(payload, handshake.remoteStaticKey());
                if (proven.isEmpty() || !accept.test(proven.get())) {
                    fail(ctx, "the peer did not prove the expected identity");
                    return;
                }
                peer = proven.get();
            }
            if (handshake.isMyTurnToWrite()) {
                write(ctx, handshake.writeMessage(ownPayload));
            }
            if (handshake.isComplete()) {
                NoiseTransport transport = handshake.split();
                ctx.pipeline().remove(this);
                established.on(ctx.channel(), transport, peer, handshake.isInitiator());
            }
        } catch (NoiseException | RuntimeException e) {
            fail(ctx, e.getMessage());
        } finally {
            frame.release();
        }
    }

    private void write(ChannelHandlerContext ctx, byte[] message) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(message));
    }

    private void fail(ChannelHandlerContext ctx, String reason) {
        log.debug("session handshake with {} failed: {}", ctx.channel().remoteAddress(), reason);
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause.toString());
    }

    /** Receives a channel whose handshake completed. */
    @FunctionalInterface
    interface Established {
        void on(
                io.netty.channel.Channel channel,
                NoiseTransport transport,
                SessionIdentity.Peer peer,
                boolean initiator);
    }
}
