package io.confchat.chat.internal.session;

import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.MessageId;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.crypto.NoiseHandshake;
import io.confchat.chat.internal.crypto.X25519KeyPair;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.internal.stream.NodeInternals;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A test attacker: dials a session claiming a username while proving another identity key (a
 * valid Noise handshake and a valid signature, just not the key of that name's user record), and
 * sends one text at once after the handshake.
 */
public final class ForgedDialer {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

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
        AtomicBoolean acked = new AtomicBoolean();
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        NodeInternals.streams(node).open(to, Sessions.PROTOCOL_ID).whenComplete((channel, error) -> {
            if (error != null) {
                outcome.completeExceptionally(error);
                return;
            }
            channel.closeFuture().addListener(closed -> outcome.complete(new Outcome(completed.get(), acked.get())));
            NoiseHandshake handshake = NoiseHandshake.initiator(
                    noiseKey, Sessions.PROTOCOL_ID.getBytes(StandardCharsets.US_ASCII), RANDOM);
            byte[] payload = SessionIdentity.payload(forged, noiseKey.publicKey(), SessionIntent.CHAT);
            channel.pipeline()
                    .addLast(new HandshakeHandler(
                            handshake, payload, p -> true, node.scheduler(), TIMEOUT, (ctx, t, peer, i) -> {
                                completed.set(true);
                                SessionHandler s = new SessionHandler(
                                        ctx.channel(),
                                        peer,
                                        claimedName,
                                        true,
                                        false,
                                        new SessionSettings(
                                                null, node.scheduler(), RANDOM, TIMEOUT, TIMEOUT, TIMEOUT, null),
                                        event -> {
                                            if (event instanceof SessionEvent.Acknowledged) {
                                                acked.set(true);
                                            }
                                        });
                                ctx.pipeline().replace(ctx.handler(), "noise", new NoiseTransportCodec(t));
                                ctx.pipeline().addLast(new SessionFrameCodec(), s);
                                s.offer(Outgoing.of(new ChatMessage(
                                        MessageId.random(RANDOM),
                                        claimedName,
                                        peer.username(),
                                        java.time.Instant.now(),
                                        text,
                                        false)));
                            }));
        });
        return outcome;
    }
}
