package io.confchat.chat.internal.group;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.confchat.chat.internal.proto.SenderKeyDistribution;
import io.confchat.dht.crypto.Ed25519KeyPair;
import java.util.Optional;

/**
 * Strict encoding and decoding of {@code SenderKeyDistribution} (group.proto): the size is checked
 * before parsing and every field after it; anything out of bounds is empty. Stateless, thread-safe.
 */
final class DistributionCodec {
    /** Ids, key, numbers, signature and framing. */
    static final int MAX_BYTES = 256;

    private DistributionCodec() {}

    static byte[] encode(Distribution d) {
        return SenderKeyDistribution.newBuilder()
                .setGroupId(ByteString.copyFrom(d.chain().groupId()))
                .setEpoch(d.epoch())
                .setChainId(ByteString.copyFrom(d.chain().chainId()))
                .setIteration(d.chain().iteration())
                .setChainKey(ByteString.copyFrom(d.chain().chainKey()))
                .setPreviousChainLength(d.previousChainLength())
                .setOwnerSignature(ByteString.copyFrom(d.ownerSignature()))
                .build()
                .toByteArray();
    }

    static Optional<Distribution> decode(byte[] bytes) {
        if (bytes == null || bytes.length > MAX_BYTES) {
            return Optional.empty();
        }
        SenderKeyDistribution d;
        try {
            d = SenderKeyDistribution.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
        if (d.getGroupId().size() != GroupMessageCodec.ID_BYTES
                || d.getChainId().size() != GroupMessageCodec.ID_BYTES
                || d.getChainKey().size() != ChainKey.BYTES
                || d.getEpoch() < 0
                || Integer.compareUnsigned(d.getIteration(), SendingChain.MAX_LENGTH) > 0
                || Integer.compareUnsigned(d.getPreviousChainLength(), SendingChain.MAX_LENGTH) > 0
                || d.getOwnerSignature().size() != Ed25519KeyPair.SIGNATURE_BYTES) {
            return Optional.empty();
        }
        return Optional.of(new Distribution(
                d.getEpoch(),
                new ChainDistribution(
                        d.getGroupId().toByteArray(),
                        d.getChainId().toByteArray(),
                        d.getIteration(),
                        d.getChainKey().toByteArray()),
                d.getPreviousChainLength(),
                d.getOwnerSignature().toByteArray()));
    }
}
