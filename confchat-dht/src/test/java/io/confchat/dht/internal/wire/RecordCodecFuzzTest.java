package io.confchat.dht.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.confchat.api.ProtocolViolationException;
import io.confchat.api.SignedRecord;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the signed-record parser used on the wire and on disk: any bytes give a record or a
 * {@link ProtocolViolationException}; a record round-trips to an equal record with the same
 * encoded size as {@link RecordCodec#encodedSize} computes.
 */
class RecordCodecFuzzTest {
    /**
     * Loads and runs the code once before the first input, so the 1 s limit per input (libFuzzer's
     * {@code -timeout}, set by the fuzzing runs of the build) measures the input, not class loading.
     */
    @BeforeAll
    static void warmUp() {
        new RecordCodecFuzzTest().decode(new byte[] {10, 0});
    }

    @FuzzTest(maxDuration = "3s")
    void decode(byte[] input) {
        SignedRecord r;
        try {
            r = RecordCodec.decode(input);
        } catch (ProtocolViolationException expected) {
            return;
        }
        byte[] encoded = RecordCodec.encode(r);
        assertThat(RecordCodec.decode(encoded)).isEqualTo(r);
        assertThat(RecordCodec.encodedSize(r)).isEqualTo(encoded.length);
    }
}
