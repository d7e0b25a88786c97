package io.confchat.dht.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confchat.api.DhtKey;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.record.RecordSigner;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The on-disk bytes of {@link MvStoreRecordStore}: {@link StoredRecordCodec} and {@link MvStoreFile}. */
class MvStoreRecordStoreCodecTest {
    private final RecordSigner signer = new RecordSigner(Ed25519KeyPair.generate(new SecureRandom()));
    private final StoredRecord stored = new StoredRecord(
            signer.sign(DhtKey.hash("k"), "note", new byte[] {7}, 3, 60, new byte[] {1, 2, 3}),
            Instant.ofEpochSecond(1_700_000_000L, 123_456_789),
            Instant.ofEpochSecond(1_700_000_060L, 999_999_999),
            "node:é-ü");

    @Test
    void decode_shouldReturnWhatEncodeWrote() {
        assertThat(StoredRecordCodec.decode(StoredRecordCodec.encode(stored))).isEqualTo(stored);
    }

    @Test
    void decode_shouldRefuseEveryTruncation() {
        byte[] bytes = StoredRecordCodec.encode(stored);
        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> StoredRecordCodec.decode(truncated))
                    .as("truncated to %d bytes", length)
                    .isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void decode_shouldRefuseTrailingBytes() {
        byte[] bytes = Arrays.copyOf(StoredRecordCodec.encode(stored), StoredRecordCodec.encode(stored).length + 1);

        assertThatThrownBy(() -> StoredRecordCodec.decode(bytes)).hasMessageContaining("trailing");
    }

    @Test
    void decode_shouldRefuseAnUnknownLayout() {
        byte[] bytes = StoredRecordCodec.encode(stored);
        bytes[0] = 2;

        assertThatThrownBy(() -> StoredRecordCodec.decode(bytes)).hasMessageContaining("layout");
    }

    @Test
    void decode_shouldRefuseNanosOutOfRange() {
        byte[] bytes = StoredRecordCodec.encode(stored);
        ByteBuffer.wrap(bytes).putInt(9, 1_000_000_000);

        assertThatThrownBy(() -> StoredRecordCodec.decode(bytes)).hasMessageContaining("nanos");
    }

    @Test
    void decode_shouldRefuseLengthsBeyondTheirLimit() {
        byte[] bytes = StoredRecordCodec.encode(stored);
        int sourceLength = ByteBuffer.wrap(bytes).getShort(25);
        ByteBuffer.wrap(bytes).putInt(27 + sourceLength, Integer.MAX_VALUE);

        assertThatThrownBy(() -> StoredRecordCodec.decode(bytes)).hasMessageContaining("limit");
    }

    @Test
    void decode_shouldRefuseMalformedUtf8InTheSource() {
        byte[] bytes = StoredRecordCodec.encode(stored);
        bytes[27] = (byte) 0xff;

        assertThatThrownBy(() -> StoredRecordCodec.decode(bytes)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encode_shouldRefuseAnOversizedSource() {
        StoredRecord longSource =
                new StoredRecord(stored.record(), stored.receivedAt(), stored.expiresAt(), "x".repeat(1025));

        assertThatThrownBy(() -> StoredRecordCodec.encode(longSource)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void expiryKeys_shouldSortLikeTheirSecondsAcrossTheEpoch() {
        long[] seconds = {Long.MIN_VALUE, -86_400, -1, 0, 1, 255, 256, 1_700_000_000L, Long.MAX_VALUE};
        byte[] recordKey = new byte[64];
        for (int i = 1; i < seconds.length; i++) {
            byte[] lower = MvStoreFile.expiryKey(seconds[i - 1], recordKey);
            byte[] higher = MvStoreFile.expiryKey(seconds[i], recordKey);
            assertThat(MvStoreFile.UnsignedBytes.INSTANCE.compare(lower, higher))
                    .as("%d < %d", seconds[i - 1], seconds[i])
                    .isNegative();
            assertThat(MvStoreFile.expirySecond(higher)).isEqualTo(seconds[i]);
        }
    }
}
