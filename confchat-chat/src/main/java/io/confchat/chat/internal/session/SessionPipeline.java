package io.confchat.chat.internal.session;

import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.crypto.NoiseHandshake;
import io.confchat.chat.internal.crypto.NoiseTransport;
import io.confchat.chat.internal.crypto.X25519KeyPair;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The pipeline of a session's connection: a {@link HandshakeHandler} first, replaced once the
 * Noise handshake is done by the {@link NoiseTransportCodec}, the {@link SessionFrameCodec} and a
 * {@link SessionHandler}.
 */
final class SessionPipeline {
    private static final byte[] PROLOGUE = Sessions.PROTOCOL_ID.getBytes(StandardCharsets.US_ASCII);

    private final SessionSettings settings;
    private final Account me;
    private final X25519KeyPair staticKey;
    private final Consumer<SessionEvent> events;

    /**
     * @param staticKey the Noise static key of {@code me}'s device
     * @param events where the sessions' events go
     */
    SessionPipeline(SessionSettings settings, Account me, X25519KeyPair staticKey, Consumer<SessionEvent> events) {
        this.settings = settings;
        this.me = me;
        this.staticKey = staticKey;
        this.events = events;
    }

    /**
     * Starts the handshake on {@code channel}, as its dialer or its responder. Once it is done with
     * a peer {@code accept} allows, the session handler is in place and {@code ready} gets it, on
     * the channel's event loop; otherwise the channel closes. A dialer tells the peer {@code
     * intent}; a responder's is not read.
     */
    void start(
            Channel channel,
            boolean dialer,
            SessionIntent intent,
            Predicate<SessionIdentity.Peer> accept,
            Consumer<SessionHandler> ready) {
        NoiseHandshake handshake = dialer
                ? NoiseHandshake.initiator(staticKey, PROLOGUE, settings.random())
                : NoiseHandshake.responder(staticKey, PROLOGUE, settings.random());
        channel.pipeline()
                .addLast(new HandshakeHandler(
                        handshake,
                        SessionIdentity.payload(me, staticKey.publicKey(), intent),
                        accept,
                        settings.scheduler(),
                        settings.handshakeTimeout(),
                        (ctx, transport, peer, initiator) -> ready.accept(attach(ctx, transport, peer, dialer))));
    }

    private SessionHandler attach(ChannelHandlerContext ctx, NoiseTransport t, SessionIdentity.Peer p, boolean dialer) {
        SessionHandler session = new SessionHandler(ctx.channel(), p, me.username(), dialer, !dialer, settings, events);
        ctx.pipeline().replace(ctx.handler(), "noise", new NoiseTransportCodec(t));
        ctx.pipeline().addLast("frames", new SessionFrameCodec());
        ctx.pipeline().addLast("session", session);
        return session;
    }
}
