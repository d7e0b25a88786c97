package io.confchat.chat.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.crypto.X25519KeyPair;
import io.confchat.chat.internal.proto.HandshakePayload;
import io.confchat.dht.crypto.Ed25519KeyPair;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** The handshake payload: the identity proof, and the dialer's intent carried beside it. */
class SessionIdentityTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Account alice =
            new Account("alice", Ed25519KeyPair.generate(RANDOM), X25519KeyPair.generate(RANDOM), new byte[32]);
    private final byte[] noiseKey = X25519KeyPair.generate(RANDOM).publicKey();

    @Test
    void theDialersIntent_survivesTheRoundTrip() {
        for (SessionIntent intent : SessionIntent.values()) {
            assertThat(SessionIdentity.verify(SessionIdentity.payload(alice, noiseKey, intent), noiseKey))
                    .hasValueSatisfying(p -> {
                        assertThat(p.username()).isEqualTo("alice");
                        assertThat(p.intent()).isEqualTo(intent);
                    });
        }
    }

    @Test
    void anIntentThisVersionDoesNotKnow_isAChat() throws Exception {
        byte[] unknown =
                HandshakePayload.parseFrom(SessionIdentity.payload(alice, noiseKey, SessionIntent.CHAT)).toBuilder()
                        .setIntentValue(7)
                        .build()
                        .toByteArray();

        assertThat(SessionIdentity.verify(unknown, noiseKey))
                .hasValueSatisfying(p -> assertThat(p.intent()).isEqualTo(SessionIntent.CHAT));
    }
}
