package io.confchat.dht.internal.netty;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the bounded frame decoder with any bytes (after the first, which sets the size of the
 * reads the rest is cut into): it emits only
 * frames within the limit whose bytes are exactly the input's, and fails only with {@link
 * TooLongFrameException} or {@link CorruptedFrameException}, after which it reads nothing more.
 */
class FrameDecoderFuzzTest {
    /**
     * Loads and runs the code once before the first input, so the 1 s limit per input (libFuzzer's
     * {@code -timeout}, set by the fuzzing runs of the build) measures the input, not class loading.
     */
    @BeforeAll
    static void warmUp() {
        new FrameDecoderFuzzTest().decode(new byte[] {1, 0, 0, 0, 1, 7});
    }

    private static final int MAX = 1_024;

    @FuzzTest(maxDuration = "3s")
    void decode(byte[] input) {
        if (input.length == 0) {
            return;
        }
        EmbeddedChannel ch = new EmbeddedChannel(new BoundedFrameDecoder(MAX));
        int cut = 1 + Byte.toUnsignedInt(input[0]) % 17; // the first byte says where reads split
        int offset = 1;
        long framed = 0;
        boolean broken = false;
        while (offset < input.length) {
            int n = Math.min(cut, input.length - offset);
            boolean breaksNow = false;
            try {
                ch.writeInbound(Unpooled.wrappedBuffer(input, offset, n));
            } catch (DecoderException e) {
                assertThat(e).isInstanceOfAny(TooLongFrameException.class, CorruptedFrameException.class);
                breaksNow = true;
            }
            offset += n;
            ByteBuf frame;
            while ((frame = ch.readInbound()) != null) { // frames before a bad prefix of the same read count
                assertThat(broken).as("no frame after the stream broke").isFalse();
                assertThat(frame.readableBytes()).isLessThanOrEqualTo(MAX);
                framed += 4 + frame.readableBytes();
                frame.release();
            }
            broken |= breaksNow;
        }
        assertThat(framed).isLessThanOrEqualTo(input.length);
        ch.finishAndReleaseAll();
    }
}
