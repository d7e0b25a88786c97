package io.confchat.chat.internal.session;

import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.Delivery;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.crypto.NoiseHandshake;
import io.confchat.chat.internal.crypto.X25519KeyPair;
import io.confchat.chat.internal.records.MessageIds;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.crypto.Ed25519KeyPair;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A test attacker: dials a session claiming a username while proving another identity key (a
 * valid Noise handshake and a valid signature, just not the key of that name's user record), and
 * sends one text at once after the handshake.
 */
public final class ForgedDialer {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What happened on the forged connection once it closed. */
    public record Outcome(boolean handshakeCompleted, boolean textAcknowledged) {}

    private ForgedDialer() {}

    /**
     * Dials {@code to} from {@code node} as {@code claimedName}, proving {@code identity}.
     *
     * @return completes when the connection closes
     */
    public static CompletableFuture<Outcome> dial(
            KademliaNode node, InetSocketAddress to, String claimedName, Ed25519KeyPair identity, String text) {
        Account forged = new Account(claimedName, identity, X25519KeyPair.generate(RANDOM), new byte[32]);
        X25519KeyPair noiseKey = X25519KeyPair.generate(RANDOM);
        AtomicBoolean completed = new AtomicBoolean();
        CompletableFuture<Delivery> delivery = new CompletableFuture<>();
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        node.openStream(to, Sessions.PROTOCOL_ID).whenComplete((channel, error) -> {
            if (error != null) {
                outcome.completeExceptionally(error);
                return;
            }
            channel.closeFuture()
                    .addListener(closed -> outcome.complete(new Outcome(completed.get(), delivery.isDone())));
            NoiseHandshake handshake = NoiseHandshake.initiator(
                    noiseKey, Sessions.PROTOCOL_ID.getBytes(StandardCharsets.US_ASCII), RANDOM);
            byte[] payload = SessionIdentity.payload(forged, noiseKey.publicKey());
            channel.pipeline().addLast(new NoiseHandshakeHandler(handshake, payload, p -> true, (ch, t, peer, i) -> {
                completed.set(true);
                LiveSession s = new LiveSession(ch, t, peer, claimedName, true, new Ignoring());
                ch.pipeline().addLast(s);
                s.activate();
                ChatMessage m = new ChatMessage(
                        MessageIds.random(RANDOM), claimedName, peer.username(), Instant.now(), text, false);
                s.send(m).thenAccept(delivery::complete);
            }));
        });
        return outcome;
    }

    private static final class Ignoring implements LiveSession.Events {
        @Override
        public void onText(LiveSession session, ChatMessage message) {}

        @Override
        public void onTyping(LiveSession session) {}

        @Override
        public void onEnded(
                LiveSession session,
                List<LiveSession.Outgoing> unacknowledged,
                String reason,
                LiveSession.EndCause c) {}
    }
}
