package io.confchat.chat.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NoiseHandshakeTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] PROLOGUE = "confchat/chat/v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PAYLOAD = "hello".getBytes(StandardCharsets.US_ASCII);

    private final X25519KeyPair initiatorStatic = X25519KeyPair.generate(RANDOM);
    private final X25519KeyPair responderStatic = X25519KeyPair.generate(RANDOM);

    @Test
    void handshake_shouldAgreeOnKeysHashAndTransport() throws Exception {
        NoiseHandshake initiator = NoiseHandshake.initiator(initiatorStatic, PROLOGUE, RANDOM);
        NoiseHandshake responder = NoiseHandshake.responder(responderStatic, PROLOGUE, RANDOM);

        assertThat(initiator.isMyTurnToWrite()).isTrue();
        assertThat(responder.isMyTurnToWrite()).isFalse();
        assertThat(responder.readMessage(initiator.writeMessage(PAYLOAD))).isEqualTo(PAYLOAD);
        assertThat(initiator.readMessage(responder.writeMessage(PAYLOAD))).isEqualTo(PAYLOAD);
        assertThat(initiator.remoteStaticKey()).isEqualTo(responderStatic.publicKey());
        assertThat(responder.readMessage(initiator.writeMessage(null))).isEmpty();

        assertThat(initiator.isComplete()).isTrue();
        assertThat(responder.isComplete()).isTrue();
        assertThat(responder.remoteStaticKey()).isEqualTo(initiatorStatic.publicKey());
        assertThat(initiator.handshakeHash())
                .isEqualTo(responder.handshakeHash())
                .hasSize(32);
        NoiseTransport a = initiator.split();
        NoiseTransport b = responder.split();
        assertThat(b.receiver().decrypt(null, a.sender().encrypt(null, PAYLOAD)))
                .isEqualTo(PAYLOAD);
        assertThat(a.receiver().decrypt(null, b.sender().encrypt(null, PAYLOAD)))
                .isEqualTo(PAYLOAD);
    }

    /** Message 1 is not authenticated by itself: a flipped bit surfaces when message 2 is read. */
    @Test
    void readMessage_shouldRejectFlippedBitInFirstMessageAtSecondMessage() throws Exception {
        int bytes = 32 + PAYLOAD.length;
        for (int index = 0; index < bytes; index++) {
            NoiseHandshake initiator = NoiseHandshake.initiator(initiatorStatic, PROLOGUE, RANDOM);
            NoiseHandshake responder = NoiseHandshake.responder(responderStatic, PROLOGUE, RANDOM);
            byte[] first = flipBit(initiator.writeMessage(PAYLOAD), index);
            responder.readMessage(first);
            byte[] second = responder.writeMessage(PAYLOAD);

            assertThatThrownBy(() -> initiator.readMessage(second))
                    .as("byte " + index)
                    .isInstanceOf(NoiseException.class);
        }
    }

    @Test
    void readMessage_shouldRejectFlippedBitInSecondMessage() throws Exception {
        int bytes = 32 + 48 + PAYLOAD.length + 16;
        for (int index = 0; index < bytes; index++) {
            NoiseHandshake initiator = NoiseHandshake.initiator(initiatorStatic, PROLOGUE, RANDOM);
            NoiseHandshake responder = NoiseHandshake.responder(responderStatic, PROLOGUE, RANDOM);
            responder.readMessage(initiator.writeMessage(PAYLOAD));
            byte[] second = flipBit(responder.writeMessage(PAYLOAD), index);

            assertThatThrownBy(() -> initiator.readMessage(second))
                    .as("byte " + index)
                    .isInstanceOf(NoiseException.class);
            assertThatThrownBy(() -> initiator.writeMessage(PAYLOAD))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("failed");
        }
    }

    @Test
    void readMessage_shouldRejectFlippedBitInThirdMessage() throws Exception {
        int bytes = 48 + PAYLOAD.length + 16;
        for (int index = 0; index < bytes; index++) {
            NoiseHandshake initiator = NoiseHandshake.initiator(initiatorStatic, PROLOGUE, RANDOM);
            NoiseHandshake responder = NoiseHandshake.responder(responderStatic, PROLOGUE, RANDOM);
            responder.readMessage(initiator.writeMessage(PAYLOAD));
            initiator.readMessage(responder.writeMessage(PAYLOAD));
            byte[] third = flipBit(initiator.writeMessage(PAYLOAD), index);

            assertThatThrownBy(() -> responder.readMessage(third))
                    .as("byte " + index)
                    .isInstanceOf(NoiseException.class);
            assertThat(responder.isComplete()).isFalse();
            assertThatThrownBy(responder::split).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void readMessage_shouldRejectWrongPrologue() throws Exception {
        NoiseHandshake initiator = NoiseHandshake.initiator(initiatorStatic, PROLOGUE, RANDOM);
        NoiseHandshake responder =
                NoiseHandshake.responder(responderStatic, "other".getBytes(StandardCharsets.US_ASCII), RANDOM);
        responder.readMessage(initiator.writeMessage(PAYLOAD));
        byte[] second = responder.writeMessage(PAYLOAD);

        assertThatThrownBy(() -> initiator.readMessage(second)).isInstanceOf(NoiseException.class);
    }

    @Test
    void transport_shouldRejectFlippedBitAndKeepTheNonce() throws Exception {
        NoiseTransport[] pair = completedPair();
        byte[] sealed = pair[0].sender().encrypt(null, PAYLOAD);

        for (int bit = 0; bit < sealed.length * 8; bit++) {
            byte[] tampered = sealed.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThatThrownBy(() -> pair[1].receiver().decrypt(null, tampered)).isInstanceOf(NoiseException.class);
        }
        assertThat(pair[1].receiver().nonce()).isZero();
        assertThat(pair[1].receiver().decrypt(null, sealed)).isEqualTo(PAYLOAD);
        assertThat(pair[1].receiver().nonce()).isEqualTo(1);
    }

    @Test
    void transport_shouldRejectReplayedAndReorderedMessages() throws Exception {
        NoiseTransport[] pair = completedPair();
        byte[] first = pair[0].sender().encrypt(null, PAYLOAD);
        byte[] second = pair[0].sender().encrypt(null, PAYLOAD);

        assertThatThrownBy(() -> pair[1].receiver().decrypt(null, second)).isInstanceOf(NoiseException.class);
        assertThat(pair[1].receiver().decrypt(null, first)).isEqualTo(PAYLOAD);
        assertThatThrownBy(() -> pair[1].receiver().decrypt(null, first)).isInstanceOf(NoiseException.class);
        assertThat(pair[1].receiver().decrypt(null, second)).isEqualTo(PAYLOAD);
    }

    @Test
    void writeMessage_shouldFailOnLowOrderEphemeralFromInitiator() throws Exception {
        NoiseHandshake responder = NoiseHandshake.responder(responderStatic, PROLOGUE, RANDOM);
        responder.readMessage(new byte[32]); // e = 0, a low-order point, and no payload

        assertThatThrownBy(() -> responder.writeMessage(PAYLOAD))
                .isInstanceOf(NoiseException.class)
                .hasMessageContaining("all zero");
        assertThatThrownBy(() -> responder.writeMessage(PAYLOAD)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void readMessage_shouldRejectTooShortAndTooLongMessages() throws Exception {
        NoiseHandshake responder = NoiseHandshake.responder(responderStatic, PROLOGUE, RANDOM);
        assertThatThrownBy(() -> responder.readMessage(new byte[31])).isInstanceOf(NoiseException.class);

        NoiseHandshake other = NoiseHandshake.responder(responderStatic, PROLOGUE, RANDOM);
        assertThatThrownBy(() -> other.readMessage(new byte[65536])).isInstanceOf(NoiseException.class);

        NoiseHandshake initiator = NoiseHandshake.initiator(initiatorStatic, PROLOGUE, RANDOM);
        initiator.writeMessage(null);
        assertThatThrownBy(() -> initiator.readMessage(new byte[32 + 48 + 15])).isInstanceOf(NoiseException.class);
    }

    @Test
    void writeMessage_shouldRefuseOversizedPayloadAndStayUsable() throws Exception {
        NoiseHandshake initiator = NoiseHandshake.initiator(initiatorStatic, PROLOGUE, RANDOM);
        NoiseHandshake responder = NoiseHandshake.responder(responderStatic, PROLOGUE, RANDOM);

        assertThatThrownBy(() -> initiator.writeMessage(new byte[65535 - 32 + 1]))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] largest = initiator.writeMessage(new byte[65535 - 32]);
        assertThat(largest).hasSize(65535);
        assertThat(responder.readMessage(largest)).hasSize(65535 - 32);
    }

    @Test
    void calls_shouldBeRefusedOutOfTurn() throws Exception {
        NoiseHandshake initiator = NoiseHandshake.initiator(initiatorStatic, PROLOGUE, RANDOM);
        NoiseHandshake responder = NoiseHandshake.responder(responderStatic, PROLOGUE, RANDOM);

        assertThatThrownBy(() -> responder.writeMessage(PAYLOAD)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> initiator.readMessage(new byte[100])).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(initiator::split).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(initiator::handshakeHash).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(initiator::remoteStaticKey).isInstanceOf(IllegalStateException.class);

        responder.readMessage(initiator.writeMessage(PAYLOAD));
        initiator.readMessage(responder.writeMessage(PAYLOAD));
        responder.readMessage(initiator.writeMessage(PAYLOAD));
        initiator.split();
        assertThatThrownBy(initiator::split)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already split");
        assertThatThrownBy(() -> initiator.writeMessage(PAYLOAD)).isInstanceOf(IllegalStateException.class);
        assertThat(initiator.handshakeHash()).hasSize(32);
    }

    @Test
    void toString_shouldNotShowKeys() {
        NoiseHandshake initiator = NoiseHandshake.initiator(initiatorStatic, PROLOGUE, RANDOM);

        assertThat(initiator.toString()).isEqualTo("NoiseHandshake[initiator, message 0, IN_PROGRESS]");
    }

    private NoiseTransport[] completedPair() throws Exception {
        NoiseHandshake initiator = NoiseHandshake.initiator(initiatorStatic, PROLOGUE, RANDOM);
        NoiseHandshake responder = NoiseHandshake.responder(responderStatic, PROLOGUE, RANDOM);
        responder.readMessage(initiator.writeMessage(null));
        initiator.readMessage(responder.writeMessage(null));
        responder.readMessage(initiator.writeMessage(null));
        return new NoiseTransport[] {initiator.split(), responder.split()};
    }

    private static final Random BITS = new Random(7);

    // flips one random bit of byte {@code index}
    private static byte[] flipBit(byte[] message, int index) {
        byte[] copy = message.clone();
        copy[index] ^= (byte) (1 << BITS.nextInt(8));
        return copy;
    }
}
