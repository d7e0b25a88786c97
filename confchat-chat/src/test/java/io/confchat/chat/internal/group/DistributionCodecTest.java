package io.confchat.chat.internal.group;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.confchat.chat.internal.proto.SenderKeyDistribution;
import java.security.SecureRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class DistributionCodecTest {
    private final byte[] owner = SenderKeyChainTest.filled(32, 9);
    private final SendingChain chain = SendingChain.start(SenderKeyChainTest.filled(32, 1), new SecureRandom());
    private final Distribution d = chain.distribution(3, owner, 17);

    @Test
    void decode_shouldReturnWhatWasEncoded_withItsOwnerProof() {
        Distribution back =
                DistributionCodec.decode(DistributionCodec.encode(d)).orElseThrow();

        assertThat(back.epoch()).isEqualTo(3);
        assertThat(back.previousChainLength()).isEqualTo(17);
        assertThat(back.chain().chainKey()).isEqualTo(d.chain().chainKey());
        assertThat(back.isOwnedBy(owner)).isTrue();
        assertThat(back.isOwnedBy(SenderKeyChainTest.filled(32, 8))).isFalse();
    }

    @Test
    void decode_shouldRefuseFieldsOutOfBounds() {
        assertThat(decodeWith(b -> b)).isPresent();
        assertThat(decodeWith(b -> b.setGroupId(ByteString.copyFrom(new byte[31]))))
                .isEmpty();
        assertThat(decodeWith(b -> b.setChainId(ByteString.EMPTY))).isEmpty();
        assertThat(decodeWith(b -> b.setChainKey(ByteString.copyFrom(new byte[33]))))
                .isEmpty();
        assertThat(decodeWith(b -> b.setEpoch(-1))).isEmpty();
        assertThat(decodeWith(b -> b.setIteration(SendingChain.MAX_LENGTH + 1))).isEmpty();
        assertThat(decodeWith(b -> b.setPreviousChainLength(-1))).isEmpty();
        assertThat(decodeWith(b -> b.setOwnerSignature(ByteString.copyFrom(new byte[63]))))
                .isEmpty();
        assertThat(DistributionCodec.decode(new byte[DistributionCodec.MAX_BYTES + 1]))
                .isEmpty();
        assertThat(DistributionCodec.decode(new byte[] {(byte) 0xff})).isEmpty();
    }

    private java.util.Optional<Distribution> decodeWith(UnaryOperator<SenderKeyDistribution.Builder> change) {
        try {
            var b = SenderKeyDistribution.parseFrom(DistributionCodec.encode(d)).toBuilder();
            return DistributionCodec.decode(change.apply(b).build().toByteArray());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
