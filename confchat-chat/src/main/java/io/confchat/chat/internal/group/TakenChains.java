package io.confchat.chat.internal.group;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.confchat.chat.internal.proto.KeptReceivingChain;
import java.util.Map;
import java.util.Optional;

/**
 * A chain a member took ({@link KeptKeys.Chain}: owner, epoch, chain id, chain key and
 * iteration as handed over, no skipped keys) as the device keeps it after the group's state
 * ({@code KeptReceivingChain} of group.proto, journal entry kind 7): a few hundred bytes in place of
 * the whole state. Decoding is strict: the size is checked before parsing, and every key's length,
 * the iteration and the absence of skipped keys after it; anything else is empty. Stateless.
 */
final class TakenChains {
    /** Largest chain taken: keys of 32 bytes, an epoch and an iteration at their longest (about 120 bytes). */
    static final int MAX_BYTES = 256;

    private static final int KEY = 32;

    private TakenChains() {}

    static byte[] encode(KeptKeys.Chain c) {
        byte[] bytes = KeptReceivingChain.newBuilder()
                .setOwner(ByteString.copyFrom(c.owner()))
                .setEpoch(c.epoch())
                .setChainId(ByteString.copyFrom(c.chain().chainId()))
                .setChainKey(ByteString.copyFrom(c.chain().chainKey()))
                .setIteration(c.chain().iteration())
                .build()
                .toByteArray();
        if (bytes.length > MAX_BYTES
                || !c.chain().skipped().isEmpty()) { // cannot happen: never write what would not decode
            throw new IllegalStateException("a chain taken of " + bytes.length + " bytes, or with skipped keys");
        }
        return bytes;
    }

    /** The chain kept in {@code bytes}, or empty if it does not decode. */
    static Optional<KeptKeys.Chain> decode(byte[] bytes) {
        if (bytes == null || bytes.length > MAX_BYTES) {
            return Optional.empty();
        }
        KeptReceivingChain r;
        try {
            r = KeptReceivingChain.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
        if (r.getOwner().size() != KEY
                || r.getChainId().size() != KEY
                || r.getChainKey().size() != KEY
                || r.getIteration() < 0 // a uint32 past Integer.MAX_VALUE
                || r.getIteration() > SendingChain.MAX_LENGTH
                || r.getSkippedCount() != 0) {
            return Optional.empty();
        }
        return Optional.of(new KeptKeys.Chain(
                r.getOwner().toByteArray(),
                r.getEpoch(),
                new ReceivingChain.Kept(
                        r.getChainId().toByteArray(), r.getChainKey().toByteArray(), r.getIteration(), Map.of())));
    }
}
