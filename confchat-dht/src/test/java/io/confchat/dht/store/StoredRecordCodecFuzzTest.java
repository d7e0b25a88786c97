package io.confchat.dht.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.confchat.api.ProtocolViolationException;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the MVStore record codec (what a node reads back from its file): any bytes give a stored
 * record or an {@link IllegalArgumentException}, as {@code decode} promises (a malformed record
 * inside once escaped as a {@link ProtocolViolationException}), and a stored record round-trips.
 */
class StoredRecordCodecFuzzTest {
    /**
     * Loads and runs the code once before the first input, so the 1 s limit per input (libFuzzer's
     * {@code -timeout}, set by the fuzzing runs of the build) measures the input, not class loading.
     */
    @BeforeAll
    static void warmUp() {
        new StoredRecordCodecFuzzTest().decode(new byte[] {1});
    }

    @FuzzTest(maxDuration = "3s")
    void decode(byte[] input) {
        StoredRecord s;
        try {
            s = StoredRecordCodec.decode(input);
        } catch (IllegalArgumentException expected) {
            return;
        }
        assertThat(StoredRecordCodec.decode(StoredRecordCodec.encode(s))).isEqualTo(s);
    }
}
