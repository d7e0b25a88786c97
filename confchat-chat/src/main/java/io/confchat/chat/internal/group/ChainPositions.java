package io.confchat.chat.internal.group;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.confchat.chat.internal.proto.KeptChainPosition;
import io.confchat.chat.internal.proto.KeptMessageKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link ChainPosition} as the device keeps it ({@code KeptChainPosition} of group.proto, in the
 * sealed device journal). A chain read keeps the newest {@value GroupSnapshots#KEPT_SKIPPED} of its
 * skipped keys, as the whole state does. Decoding is strict: the size is checked before parsing and
 * every key's length, the iteration and the number of skipped keys after it; anything else is
 * empty. Stateless.
 */
final class ChainPositions {
    /**
     * Largest position: a chain read with {@value GroupSnapshots#KEPT_SKIPPED} skipped keys at
     * their longest encodings (about 2.8 KiB), with room to spare; the device journal takes
     * positions up to {@link io.confchat.chat.internal.device.DeviceState#MAX_GROUP_POSITION_BYTES}.
     */
    static final int MAX_BYTES = 4 * 1024;

    private static final int KEY = 32;

    private ChainPositions() {}

    /** The bytes of {@code p}, with the newest kept skipped keys only. */
    static byte[] encode(ChainPosition p) {
        KeptChainPosition.Builder b = KeptChainPosition.newBuilder()
                .setChainId(ByteString.copyFrom(p.chainId()))
                .setChainKey(ByteString.copyFrom(p.chainKey()))
                .setIteration(p.iteration());
        List<Map.Entry<Integer, byte[]>> skipped = new ArrayList<>(p.skipped().entrySet());
        // the newest skipped keys only: a message missing longer than that is lost to this device
        skipped.subList(Math.max(0, skipped.size() - GroupSnapshots.KEPT_SKIPPED), skipped.size())
                .forEach(e -> b.addSkipped(KeptMessageKey.newBuilder()
                        .setIteration(e.getKey())
                        .setSeed(ByteString.copyFrom(e.getValue()))));
        byte[] bytes = b.build().toByteArray();
        if (bytes.length > MAX_BYTES) { // cannot happen within the limits above; never write what would not decode
            throw new IllegalStateException("chain position of " + bytes.length + " bytes, over " + MAX_BYTES);
        }
        return bytes;
    }

    /** The position kept in {@code bytes}, or empty if it does not decode. */
    static Optional<ChainPosition> decode(byte[] bytes) {
        if (bytes == null || bytes.length > MAX_BYTES) {
            return Optional.empty();
        }
        KeptChainPosition p;
        try {
            p = KeptChainPosition.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
        if (p.getChainId().size() != KEY
                || p.getChainKey().size() != KEY
                || p.getIteration() < 0 // a uint32 past Integer.MAX_VALUE
                || p.getIteration() > SendingChain.MAX_LENGTH
                || p.getSkippedCount() > GroupSnapshots.KEPT_SKIPPED
                || p.getSkippedList().stream()
                        .anyMatch(k -> k.getSeed().size() != KEY
                                || k.getIteration() < 0
                                || k.getIteration() >= p.getIteration())) {
            return Optional.empty();
        }
        Map<Integer, byte[]> skipped = new LinkedHashMap<>();
        p.getSkippedList()
                .forEach(k -> skipped.put(k.getIteration(), k.getSeed().toByteArray()));
        return Optional.of(new ChainPosition(
                p.getChainId().toByteArray(), p.getChainKey().toByteArray(), p.getIteration(), skipped));
    }
}
