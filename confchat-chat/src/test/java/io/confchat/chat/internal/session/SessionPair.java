package io.confchat.chat.internal.session;

import io.confchat.chat.internal.crypto.NoiseException;
import io.confchat.chat.internal.crypto.NoiseHandshake;
import io.confchat.chat.internal.crypto.X25519KeyPair;
import io.confchat.dht.time.ManualScheduler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * Two ends of a live session over {@link EmbeddedChannel}s, with the real cipher states, codecs
 * and session handlers; the test carries the bytes from one end to the other ({@link #carry}).
 */
final class SessionPair {
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    final ManualScheduler scheduler = new ManualScheduler();
    final EmbeddedChannel aliceChannel = new EmbeddedChannel();
    final EmbeddedChannel bobChannel = new EmbeddedChannel();
    final List<SessionEvent> aliceEvents = new CopyOnWriteArrayList<>();
    final List<SessionEvent> bobEvents = new CopyOnWriteArrayList<>();
    final SessionHandler alice;
    final SessionHandler bob;

    /** @param bobPending true when bob, the responder, holds frames until {@link SessionHandler#accept} */
    SessionPair(boolean bobPending) throws NoiseException {
        byte[] prologue = "test".getBytes(StandardCharsets.US_ASCII);
        NoiseHandshake initiator = NoiseHandshake.initiator(X25519KeyPair.generate(RANDOM), prologue, RANDOM);
        NoiseHandshake responder = NoiseHandshake.responder(X25519KeyPair.generate(RANDOM), prologue, RANDOM);
        responder.readMessage(initiator.writeMessage(new byte[0]));
        initiator.readMessage(responder.writeMessage(new byte[0]));
        responder.readMessage(initiator.writeMessage(new byte[0]));
        SessionSettings settings =
                new SessionSettings(null, scheduler, RANDOM, ACK_TIMEOUT, ACK_TIMEOUT, ACK_TIMEOUT, null);
        alice = new SessionHandler(aliceChannel, peer("bob"), "alice", true, false, settings, aliceEvents::add);
        bob = new SessionHandler(bobChannel, peer("alice"), "bob", false, bobPending, settings, bobEvents::add);
        aliceChannel.pipeline().addLast(new NoiseTransportCodec(initiator.split()), new SessionFrameCodec(), alice);
        bobChannel.pipeline().addLast(new NoiseTransportCodec(responder.split()), new SessionFrameCodec(), bob);
    }

    private static SessionIdentity.Peer peer(String name) {
        return new SessionIdentity.Peer(name, new byte[32]);
    }

    /** Delivers everything {@code from} wrote to {@code to}; returns how many transport messages. */
    static int carry(EmbeddedChannel from, EmbeddedChannel to) {
        return carry(from, to, UnaryOperator.identity());
    }

    /** The same, passing each transport message through {@code tamper} on the way. */
    static int carry(EmbeddedChannel from, EmbeddedChannel to, UnaryOperator<ByteBuf> tamper) {
        from.runPendingTasks();
        int n = 0;
        ByteBuf out;
        while ((out = from.readOutbound()) != null) {
            if (to.isOpen()) {
                to.writeInbound(tamper.apply(out));
            } else {
                out.release();
            }
            n++;
        }
        to.runPendingTasks();
        return n;
    }

    <T extends SessionEvent> List<T> events(List<SessionEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
