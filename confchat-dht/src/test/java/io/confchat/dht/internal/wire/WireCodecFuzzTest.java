package io.confchat.dht.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.confchat.api.ProtocolViolationException;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the strict decoder of the DHT wire protocol (docs/dht-hardening.md, fuzzing): any bytes
 * decode to an envelope or fail with {@link ProtocolViolationException}, nothing else; an envelope
 * that decodes re-encodes to bytes that decode to the same envelope. Seeds in {@code
 * src/test/resources/io/confchat/dht/internal/wire/WireCodecFuzzTestInputs}.
 */
class WireCodecFuzzTest {
    /**
     * Loads and runs the code once before the first input, so the 1 s limit per input (libFuzzer's
     * {@code -timeout}, set by the fuzzing runs of the build) measures the input, not class loading.
     */
    @BeforeAll
    static void warmUp() {
        new WireCodecFuzzTest().decode(new byte[] {8, 1});
    }

    @FuzzTest(maxDuration = "3s")
    void decode(byte[] input) {
        Envelope decoded;
        try {
            decoded = WireCodec.decode(input, WireLimits.MAX_FRAME_BYTES);
        } catch (ProtocolViolationException expected) {
            return;
        }
        byte[] again = WireCodec.encode(decoded);
        Envelope twice = WireCodec.decode(again, WireLimits.MAX_FRAME_BYTES);
        assertThat(WireCodec.encode(twice)).isEqualTo(again);
    }
}
