package io.confchat.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NodeIdTest {
    private final Random random = new Random(1);

    @Test
    void fromHex_shouldRoundTripThroughToHex() {
        for (int i = 0; i < 100; i++) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            NodeId id = NodeId.of(bytes);

            assertThat(NodeId.fromHex(id.toHex())).isEqualTo(id);
            assertThat(id.toHex()).isEqualTo(HexFormat.of().formatHex(bytes));
            assertThat(id.shortHex()).isEqualTo(id.toHex().substring(0, 8));
        }
    }

    @Test
    void fromHex_shouldRejectWrongLengthsAndNonHex() {
        assertThatThrownBy(() -> NodeId.fromHex("ab".repeat(31))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodeId.fromHex("ab".repeat(33))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodeId.fromHex("zz".repeat(32))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodeId.fromHex(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void of_shouldRequireExactly32BytesAndCopyThem() {
        assertThatThrownBy(() -> NodeId.of(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodeId.of(null)).isInstanceOf(IllegalArgumentException.class);

        byte[] bytes = new byte[32];
        NodeId id = NodeId.of(bytes);
        bytes[0] = 1;
        id.bytes()[1] = 1;

        assertThat(id.bytes()).isEqualTo(new byte[32]);
    }

    @Test
    void fromPublicKey_shouldBeSha256OfTheKey() throws Exception {
        byte[] publicKey = new byte[32];
        random.nextBytes(publicKey);

        byte[] expected = MessageDigest.getInstance("SHA-256").digest(publicKey);

        assertThat(NodeId.fromPublicKey(publicKey).bytes()).isEqualTo(expected);
    }

    @Test
    void fromPublicKey_shouldMatchAKnownVector() {
        // SHA-256 of 32 zero bytes
        NodeId id = NodeId.fromPublicKey(new byte[32]);

        assertThat(id.toHex()).isEqualTo("66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925");
    }

    @Test
    void fromPublicKey_shouldRejectKeysThatAreNot32Bytes() {
        assertThatThrownBy(() -> NodeId.fromPublicKey(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodeId.fromPublicKey(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void equals_shouldDistinguishNodeIdsFromKeysWithTheSameBytes() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        DhtKey key = DhtKey.of(bytes);

        assertThat(NodeId.of(bytes)).isEqualTo(NodeId.of(bytes.clone())).hasSameHashCodeAs(NodeId.of(bytes));
        assertThat((Object) NodeId.of(bytes)).isNotEqualTo(key);
        assertThat(key.asTarget()).isEqualTo(NodeId.of(bytes));
    }
}
