package io.confchat.chat.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.southernstorm.noise.protocol.CipherStatePair;
import com.southernstorm.noise.protocol.HandshakeState;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Our XX against an independent implementation (noise-java, org.signal.forks:noise-java 0.1.1) in
 * both roles, with random static keys, prologues and payloads, and transport messages both ways.
 */
class NoiseOracleTest {
    private static final int ROUNDS = 50;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void ourInitiator_shouldCompleteWithOracleResponder() throws Exception {
        Random sizes = new Random(1);
        for (int round = 0; round < ROUNDS; round++) {
            X25519KeyPair ourStatic = X25519KeyPair.generate(RANDOM);
            X25519KeyPair theirStatic = X25519KeyPair.generate(RANDOM);
            byte[] prologue = bytes(sizes.nextInt(64));
            NoiseHandshake ours = NoiseHandshake.initiator(ourStatic, prologue, RANDOM);
            HandshakeState theirs = oracle(HandshakeState.RESPONDER, theirStatic, prologue);

            for (int i = 0; i < 3; i++) {
                byte[] payload = bytes(sizes.nextInt(200));
                if (i % 2 == 0) {
                    assertThat(oracleRead(theirs, ours.writeMessage(payload))).isEqualTo(payload);
                } else {
                    assertThat(ours.readMessage(oracleWrite(theirs, payload))).isEqualTo(payload);
                }
            }
            assertThat(theirs.getAction()).isEqualTo(HandshakeState.SPLIT);
            assertThat(ours.remoteStaticKey()).isEqualTo(theirStatic.publicKey());
            assertThat(oracleRemoteStatic(theirs)).isEqualTo(ourStatic.publicKey());
            assertThat(ours.handshakeHash()).isEqualTo(theirs.getHandshakeHash());
            exchangeTransport(ours.split(), theirs.split(), sizes);
            theirs.destroy();
        }
    }

    @Test
    void ourResponder_shouldCompleteWithOracleInitiator() throws Exception {
        Random sizes = new Random(2);
        for (int round = 0; round < ROUNDS; round++) {
            X25519KeyPair ourStatic = X25519KeyPair.generate(RANDOM);
            X25519KeyPair theirStatic = X25519KeyPair.generate(RANDOM);
            byte[] prologue = bytes(sizes.nextInt(64));
            NoiseHandshake ours = NoiseHandshake.responder(ourStatic, prologue, RANDOM);
            HandshakeState theirs = oracle(HandshakeState.INITIATOR, theirStatic, prologue);

            for (int i = 0; i < 3; i++) {
                byte[] payload = bytes(sizes.nextInt(200));
                if (i % 2 == 0) {
                    assertThat(ours.readMessage(oracleWrite(theirs, payload))).isEqualTo(payload);
                } else {
                    assertThat(oracleRead(theirs, ours.writeMessage(payload))).isEqualTo(payload);
                }
            }
            assertThat(ours.isComplete()).isTrue();
            assertThat(ours.remoteStaticKey()).isEqualTo(theirStatic.publicKey());
            assertThat(oracleRemoteStatic(theirs)).isEqualTo(ourStatic.publicKey());
            assertThat(ours.handshakeHash()).isEqualTo(theirs.getHandshakeHash());
            exchangeTransport(ours.split(), theirs.split(), sizes);
            theirs.destroy();
        }
    }

    @Test
    void transport_shouldInteroperateAtMaximumMessageSize() throws Exception {
        X25519KeyPair ourStatic = X25519KeyPair.generate(RANDOM);
        NoiseHandshake ours = NoiseHandshake.initiator(ourStatic, null, RANDOM);
        HandshakeState theirs = oracle(HandshakeState.RESPONDER, X25519KeyPair.generate(RANDOM), new byte[0]);
        oracleRead(theirs, ours.writeMessage(null));
        ours.readMessage(oracleWrite(theirs, new byte[0]));
        oracleRead(theirs, ours.writeMessage(null));
        NoiseTransport our = ours.split();
        CipherStatePair their = theirs.split();

        byte[] big = bytes(NoiseCipherState.MAX_PLAINTEXT_BYTES);
        byte[] sealed = our.sender().encrypt(null, big);
        assertThat(sealed).hasSize(NoiseCipherState.MAX_MESSAGE_BYTES);
        byte[] opened = new byte[big.length];
        their.getReceiver().decryptWithAd(null, sealed, 0, opened, 0, sealed.length);
        assertThat(opened).isEqualTo(big);
        theirs.destroy();
    }

    private static void exchangeTransport(NoiseTransport ours, CipherStatePair theirs, Random sizes) throws Exception {
        for (int i = 0; i < 5; i++) {
            byte[] toThem = bytes(sizes.nextInt(1000));
            byte[] sealed = ours.sender().encrypt(null, toThem);
            byte[] opened = new byte[sealed.length];
            int n = theirs.getReceiver().decryptWithAd(null, sealed, 0, opened, 0, sealed.length);
            assertThat(Arrays.copyOf(opened, n)).isEqualTo(toThem);

            byte[] toUs = bytes(sizes.nextInt(1000));
            byte[] theirSealed = new byte[toUs.length + 16];
            int m = theirs.getSender().encryptWithAd(null, toUs, 0, theirSealed, 0, toUs.length);
            assertThat(m).isEqualTo(theirSealed.length);
            assertThat(ours.receiver().decrypt(null, theirSealed)).isEqualTo(toUs);
        }
    }

    private static HandshakeState oracle(int role, X25519KeyPair staticKey, byte[] prologue) throws Exception {
        HandshakeState state = new HandshakeState(NoiseHandshake.PROTOCOL_NAME, role);
        state.getLocalKeyPair().setPrivateKey(staticKey.privateKey(), 0);
        state.setPrologue(prologue, 0, prologue.length);
        state.start();
        return state;
    }

    private static byte[] oracleRead(HandshakeState state, byte[] message) throws Exception {
        assertThat(state.getAction()).isEqualTo(HandshakeState.READ_MESSAGE);
        byte[] payload = new byte[message.length];
        int n = state.readMessage(message, 0, message.length, payload, 0);
        return Arrays.copyOf(payload, n);
    }

    private static byte[] oracleWrite(HandshakeState state, byte[] payload) throws Exception {
        assertThat(state.getAction()).isEqualTo(HandshakeState.WRITE_MESSAGE);
        byte[] message = new byte[payload.length + 200];
        int n = state.writeMessage(message, 0, payload, 0, payload.length);
        return Arrays.copyOf(message, n);
    }

    private static byte[] oracleRemoteStatic(HandshakeState state) {
        byte[] key = new byte[32];
        state.getRemotePublicKey().getPublicKey(key, 0);
        return key;
    }

    private static byte[] bytes(int n) {
        byte[] out = new byte[n];
        RANDOM.nextBytes(out);
        return out;
    }
}
