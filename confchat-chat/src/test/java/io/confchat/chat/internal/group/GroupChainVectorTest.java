package io.confchat.chat.internal.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.MessageId;
import io.confchat.chat.internal.crypto.TestJson;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins the sender-key composition (docs/wire-protocol.md#group-records-groupproto) to a fixed-input
 * vector computed independently in Python (test resource {@code vectors/group/}, with the script
 * that made it): chain key 00..1f at iteration 0, group id 11..11, signing seed 22..22, two
 * messages. Its primitives are checked against their RFCs in {@code RfcHmacHkdfVectorsTest}.
 */
class GroupChainVectorTest {
    private final Map<String, Object> vector = TestJson.resource("/vectors/group/group_chain_vector.json");
    private final List<Map<String, Object>> messages = TestJson.objects(vector.get("messages"));

    @Test
    void chainKey_shouldDeriveThePinnedMessageKeysAndSecrets() {
        ChainKey link = new ChainKey(TestJson.hex(messages.get(0), "chain_key"), 0);
        for (Map<String, Object> m : messages) {
            assertThat(link.keyBytes()).isEqualTo(TestJson.hex(m, "chain_key"));
            MessageKey key = link.messageKey();
            MessageKey.Secrets secrets = key.secrets();

            assertThat(key.seedForTest()).isEqualTo(TestJson.hex(m, "message_key"));
            assertThat(secrets.key()).isEqualTo(TestJson.hex(m, "aead_key"));
            assertThat(secrets.nonce()).isEqualTo(TestJson.hex(m, "aead_nonce"));
            link = link.next();
            assertThat(link.keyBytes()).isEqualTo(TestJson.hex(m, "next_chain_key"));
        }
    }

    @Test
    void sendingChain_shouldProduceThePinnedBytes() {
        SendingChain chain = SendingChain.of(
                TestJson.hex(vector, "group_id"),
                TestJson.hex(messages.get(0), "chain_key"),
                0,
                TestJson.hex(vector, "signing_seed"));
        assertThat(chain.chainId()).isEqualTo(TestJson.hex(vector, "chain_id"));

        for (Map<String, Object> m : messages) {
            GroupText text = textOf(m);
            assertThat(GroupMessageCodec.encodeText(text)).isEqualTo(TestJson.hex(m, "plaintext"));

            SealedGroupMessage sealed = ((SendingChain.Sealing.Sealed) chain.seal(text)).message();

            assertThat(sealed.iteration()).isEqualTo(TestJson.integer(m, "iteration"));
            assertThat(sealed.ciphertext()).isEqualTo(TestJson.hex(m, "ciphertext"));
            assertThat(sealed.signature()).isEqualTo(TestJson.hex(m, "signature"));
        }
    }

    @Test
    void receivingChain_shouldOpenThePinnedMessages() {
        ReceivingChain chain = ReceivingChain.from(new ChainDistribution(
                TestJson.hex(vector, "group_id"),
                TestJson.hex(vector, "chain_id"),
                0,
                TestJson.hex(messages.get(0), "chain_key")));

        for (Map<String, Object> m : messages) {
            SealedGroupMessage sealed = new SealedGroupMessage(
                    TestJson.hex(vector, "group_id"),
                    TestJson.hex(vector, "chain_id"),
                    TestJson.integer(m, "iteration"),
                    TestJson.hex(m, "ciphertext"),
                    TestJson.hex(m, "signature"));

            assertThat(chain.open(sealed))
                    .isEqualTo(new ReceivingChain.Opened.Text(TestJson.integer(m, "iteration"), textOf(m)));
        }
    }

    private static GroupText textOf(Map<String, Object> m) {
        return new GroupText(
                MessageId.of(TestJson.hex(m, "message_id")),
                ((BigDecimal) m.get("sent_at_millis")).longValueExact(),
                (String) m.get("text"));
    }
}
