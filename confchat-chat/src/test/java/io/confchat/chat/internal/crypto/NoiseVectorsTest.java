package io.confchat.chat.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code Noise_XX_25519_ChaChaPoly_SHA256} entries of vectors/noise (from cacophony and snow),
 * byte for byte: every handshake message, every transport message, and the handshake hash where the
 * vector has one. Messages alternate initiator, responder, initiator... (handshake first).
 */
class NoiseVectorsTest {
    @Test
    void xxVectors_shouldReproduceByteForByte() throws Exception {
        List<Map<String, Object>> vectors =
                TestJson.objects(TestJson.resource("/vectors/noise/noise_25519_chachapoly_sha256.json")
                        .get("vectors"));
        int run = 0, withHash = 0, otherPatterns = 0, handshakeMessages = 0, transportMessages = 0;
        for (Map<String, Object> v : vectors) {
            if (!NoiseHandshake.PROTOCOL_NAME.equals(v.get("protocol_name"))) {
                otherPatterns++; // NN, IK, XXpsk3: not implemented here
                continue;
            }
            String id = v.get("source") + " " + v.get("protocol_name");
            NoiseHandshake initiator = NoiseHandshake.initiatorWithEphemeral(
                    X25519KeyPair.fromPrivateKey(TestJson.hex(v, "init_static")),
                    TestJson.hex(v, "init_prologue"),
                    X25519KeyPair.fromPrivateKey(TestJson.hex(v, "init_ephemeral")));
            NoiseHandshake responder = NoiseHandshake.responderWithEphemeral(
                    X25519KeyPair.fromPrivateKey(TestJson.hex(v, "resp_static")),
                    TestJson.hex(v, "resp_prologue"),
                    X25519KeyPair.fromPrivateKey(TestJson.hex(v, "resp_ephemeral")));
            List<Map<String, Object>> messages = TestJson.objects(v.get("messages"));
            NoiseTransport initiatorSide = null, responderSide = null;
            for (int i = 0; i < messages.size(); i++) {
                byte[] payload = TestJson.hex(messages.get(i), "payload");
                byte[] expected = TestJson.hex(messages.get(i), "ciphertext");
                boolean fromInitiator = i % 2 == 0;
                String what = id + " message " + i;
                if (i < 3) {
                    NoiseHandshake writer = fromInitiator ? initiator : responder;
                    NoiseHandshake reader = fromInitiator ? responder : initiator;
                    assertThat(writer.writeMessage(payload)).as(what).isEqualTo(expected);
                    assertThat(reader.readMessage(expected)).as(what).isEqualTo(payload);
                    handshakeMessages++;
                    continue;
                }
                if (initiatorSide == null) {
                    assertThat(initiator.isComplete()).isTrue();
                    assertThat(responder.isComplete()).isTrue();
                    assertThat(initiator.handshakeHash()).isEqualTo(responder.handshakeHash());
                    if (v.containsKey("handshake_hash")) {
                        assertThat(initiator.handshakeHash()).as(id).isEqualTo(TestJson.hex(v, "handshake_hash"));
                        withHash++;
                    }
                    initiatorSide = initiator.split();
                    responderSide = responder.split();
                }
                NoiseTransport writer = fromInitiator ? initiatorSide : responderSide;
                NoiseTransport reader = fromInitiator ? responderSide : initiatorSide;
                assertThat(writer.sender().encrypt(null, payload)).as(what).isEqualTo(expected);
                assertThat(reader.receiver().decrypt(null, expected)).as(what).isEqualTo(payload);
                transportMessages++;
            }
            assertThat(initiator.remoteStaticKey())
                    .isEqualTo(X25519KeyPair.fromPrivateKey(TestJson.hex(v, "resp_static"))
                            .publicKey());
            assertThat(responder.remoteStaticKey())
                    .isEqualTo(X25519KeyPair.fromPrivateKey(TestJson.hex(v, "init_static"))
                            .publicKey());
            run++;
        }
        // 2 XX vectors (cacophony with 3 transport messages, snow with 2); 5 entries of other patterns
        assertThat(new int[] {run, withHash, otherPatterns, handshakeMessages, transportMessages})
                .containsExactly(2, 1, 5, 6, 5);
    }
}
