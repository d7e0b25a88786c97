package io.confchat.chat.internal.group;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.confchat.chat.internal.device.DeviceState;
import io.confchat.chat.internal.proto.KeptChainPosition;
import io.confchat.chat.internal.proto.KeptMessageKey;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A chain position as the device keeps it: bounded, strict, and the newest skipped keys only. */
class ChainPositionsTest {
    private static final byte[] ID = SenderKeyChainTest.filled(32, 1);
    private static final byte[] KEY = SenderKeyChainTest.filled(32, 2);

    @Test
    void aPosition_roundTrips() {
        Map<Integer, byte[]> skipped = new LinkedHashMap<>();
        skipped.put(3, SenderKeyChainTest.filled(32, 3));
        skipped.put(5, SenderKeyChainTest.filled(32, 5));
        ChainPosition p = ChainPositions.decode(ChainPositions.encode(new ChainPosition(ID, KEY, 8, skipped)))
                .orElseThrow();
        assertThat(p.chainId()).isEqualTo(ID);
        assertThat(p.chainKey()).isEqualTo(KEY);
        assertThat(p.iteration()).isEqualTo(8);
        assertThat(p.skipped()).containsOnlyKeys(3, 5);
        assertThat(p.skipped().get(5)).isEqualTo(SenderKeyChainTest.filled(32, 5));
    }

    /** The largest (every kept skipped key at the longest iterations) fits both limits. */
    @Test
    void theLargestPosition_keepsTheNewestSkippedKeys_andFitsTheDeviceJournalsLimit() {
        Map<Integer, byte[]> skipped = new LinkedHashMap<>();
        for (int i = 0; i < ReceivingChain.MAX_SKIPPED_KEYS; i++) {
            skipped.put(SendingChain.MAX_LENGTH - 1 - ReceivingChain.MAX_SKIPPED_KEYS + i, KEY);
        }
        byte[] bytes = ChainPositions.encode(new ChainPosition(ID, KEY, SendingChain.MAX_LENGTH, skipped));
        assertThat(bytes.length)
                .isLessThanOrEqualTo(ChainPositions.MAX_BYTES)
                .isLessThanOrEqualTo(DeviceState.MAX_GROUP_POSITION_BYTES);
        ChainPosition p = ChainPositions.decode(bytes).orElseThrow();
        assertThat(p.skipped()).hasSize(GroupSnapshots.KEPT_SKIPPED);
        assertThat(p.skipped()).containsKey(SendingChain.MAX_LENGTH - 2); // the newest
    }

    @Test
    void decode_shouldRefuseWrongLengthsIterationsAndOversizedInput() {
        assertThat(ChainPositions.decode(position(ID, KEY, 8).build().toByteArray()))
                .isPresent();
        assertThat(ChainPositions.decode(position(new byte[31], KEY, 8).build().toByteArray()))
                .isEmpty();
        assertThat(ChainPositions.decode(position(ID, new byte[33], 8).build().toByteArray()))
                .isEmpty();
        assertThat(ChainPositions.decode(
                        position(ID, KEY, SendingChain.MAX_LENGTH + 1).build().toByteArray()))
                .isEmpty();
        assertThat(ChainPositions.decode(position(ID, KEY, -1).build().toByteArray()))
                .as("uint32 max")
                .isEmpty();
        assertThat(ChainPositions.decode(
                        position(ID, KEY, 8).addSkipped(key(8, KEY)).build().toByteArray()))
                .as("a skipped key not behind the chain")
                .isEmpty();
        assertThat(ChainPositions.decode(position(ID, KEY, 8)
                        .addSkipped(key(2, new byte[31]))
                        .build()
                        .toByteArray()))
                .isEmpty();
        KeptChainPosition.Builder many = position(ID, KEY, 100);
        for (int i = 0; i <= GroupSnapshots.KEPT_SKIPPED; i++) {
            many.addSkipped(key(i, KEY));
        }
        assertThat(ChainPositions.decode(many.build().toByteArray())).isEmpty();
        assertThat(ChainPositions.decode(new byte[ChainPositions.MAX_BYTES + 1]))
                .isEmpty();
        assertThat(ChainPositions.decode(new byte[] {(byte) 0xff, 1})).isEmpty();
    }

    private static KeptChainPosition.Builder position(byte[] id, byte[] key, int iteration) {
        return KeptChainPosition.newBuilder()
                .setChainId(ByteString.copyFrom(id))
                .setChainKey(ByteString.copyFrom(key))
                .setIteration(iteration);
    }

    private static KeptMessageKey key(int iteration, byte[] seed) {
        return KeptMessageKey.newBuilder()
                .setIteration(iteration)
                .setSeed(ByteString.copyFrom(seed))
                .build();
    }
}
