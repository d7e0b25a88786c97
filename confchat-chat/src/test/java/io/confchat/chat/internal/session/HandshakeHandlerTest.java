package io.confchat.chat.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.crypto.NoiseHandshake;
import io.confchat.chat.internal.crypto.NoiseTransport;
import io.confchat.chat.internal.crypto.X25519KeyPair;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.time.ManualScheduler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The Noise XX handshake handler on {@link EmbeddedChannel}s with a manual clock. */
class HandshakeHandlerTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] PROLOGUE = "test".getBytes(StandardCharsets.US_ASCII);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ManualScheduler scheduler = new ManualScheduler();
    private final Account alice = account("alice");
    private final Account bob = account("bob");
    private final AtomicReference<SessionIdentity.Peer> aliceSaw = new AtomicReference<>();
    private final AtomicReference<SessionIdentity.Peer> bobSaw = new AtomicReference<>();

    @Test
    void bothSides_proveTheirIdentities_andGetMatchingCipherStates() {
        AtomicReference<NoiseTransport> aliceT = new AtomicReference<>();
        AtomicReference<NoiseTransport> bobT = new AtomicReference<>();
        EmbeddedChannel a = dialer(p -> p.username().equals("bob"), aliceT);
        EmbeddedChannel b = responder(bobT);

        exchange(a, b);

        assertThat(aliceSaw.get().username()).isEqualTo("bob");
        assertThat(aliceSaw.get().identityKey()).isEqualTo(bob.identity().publicKey());
        assertThat(bobSaw.get().username()).isEqualTo("alice");
        assertThat(bobSaw.get().identityKey()).isEqualTo(alice.identity().publicKey());
        byte[] sealed = aliceT.get().sender().encrypt(null, "hi".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(decrypt(bobT.get(), sealed), StandardCharsets.UTF_8))
                .isEqualTo("hi");
    }

    @Test
    void aPeerProvingSomeoneElse_isClosedBeforeAnythingElse() {
        EmbeddedChannel a = dialer(p -> p.username().equals("carol"), new AtomicReference<>());
        EmbeddedChannel b = responder(new AtomicReference<>());

        exchange(a, b);

        assertThat(a.isOpen()).isFalse();
        assertThat(aliceSaw.get()).isNull();
    }

    @Test
    void aMitmReplayingBobsGenuineIdentityProof_inItsOwnValidNoiseHandshake_isClosedBeforeAnyFrame() {
        // bob's real signature, but over another Noise static key than the one this handshake proved
        byte[] replayed =
                SessionIdentity.payload(bob, X25519KeyPair.generate(RANDOM).publicKey(), SessionIntent.CHAT);
        EmbeddedChannel a = dialer(p -> p.username().equals("bob"), new AtomicReference<>());
        EmbeddedChannel mitm = responder(replayed, new AtomicReference<>());

        exchange(a, mitm);

        assertThat(a.isOpen()).isFalse();
        assertThat(aliceSaw.get()).as("no session, so not a frame either way").isNull();
    }

    @Test
    void aMitmWithAValidNoiseHandshake_butAForgedIdentitySignature_isClosedBeforeAnyFrame() {
        X25519KeyPair mitmKey = X25519KeyPair.generate(RANDOM);
        byte[] forged = SessionIdentity.payload(bob, mitmKey.publicKey(), SessionIntent.CHAT);
        forged[forged.length - 1] ^= 1; // the signature is last
        EmbeddedChannel a = dialer(p -> p.username().equals("bob"), new AtomicReference<>());
        EmbeddedChannel mitm = responder(mitmKey, forged, new AtomicReference<>());

        exchange(a, mitm);

        assertThat(a.isOpen()).isFalse();
        assertThat(aliceSaw.get()).isNull();
    }

    @Test
    void aHandshakeNotDoneByItsDeadline_isClosed_evenIfBytesKeepComing() {
        EmbeddedChannel b = responder(new AtomicReference<>());

        scheduler.advance(TIMEOUT.minusSeconds(1));
        assertThat(b.isOpen()).isTrue();
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(b.isOpen()).isFalse();
        assertThat(bobSaw.get()).isNull();
    }

    private EmbeddedChannel dialer(Predicate<SessionIdentity.Peer> expected, AtomicReference<NoiseTransport> out) {
        X25519KeyPair key = X25519KeyPair.generate(RANDOM);
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.pipeline()
                .addLast(new HandshakeHandler(
                        NoiseHandshake.initiator(key, PROLOGUE, RANDOM),
                        SessionIdentity.payload(alice, key.publicKey(), SessionIntent.CHAT),
                        expected,
                        scheduler,
                        TIMEOUT,
                        (ctx, t, peer, initiator) -> {
                            aliceSaw.set(peer);
                            out.set(t);
                        }));
        return ch;
    }

    private EmbeddedChannel responder(AtomicReference<NoiseTransport> out) {
        X25519KeyPair key = X25519KeyPair.generate(RANDOM);
        return responder(key, SessionIdentity.payload(bob, key.publicKey(), SessionIntent.CHAT), out);
    }

    private EmbeddedChannel responder(byte[] payload, AtomicReference<NoiseTransport> out) {
        return responder(X25519KeyPair.generate(RANDOM), payload, out);
    }

    private EmbeddedChannel responder(X25519KeyPair key, byte[] payload, AtomicReference<NoiseTransport> out) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.pipeline()
                .addLast(new HandshakeHandler(
                        NoiseHandshake.responder(key, PROLOGUE, RANDOM),
                        payload,
                        p -> true,
                        scheduler,
                        TIMEOUT,
                        (ctx, t, peer, initiator) -> {
                            bobSaw.set(peer);
                            out.set(t);
                        }));
        return ch;
    }

    private static void exchange(EmbeddedChannel a, EmbeddedChannel b) {
        for (int i = 0; i < 3; i++) {
            SessionPair.carry(a, b);
            SessionPair.carry(b, a);
        }
    }

    private static byte[] decrypt(NoiseTransport t, byte[] ciphertext) {
        try {
            return t.receiver().decrypt(null, ciphertext);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Account account(String name) {
        return new Account(name, Ed25519KeyPair.generate(RANDOM), X25519KeyPair.generate(RANDOM), new byte[32]);
    }
}
