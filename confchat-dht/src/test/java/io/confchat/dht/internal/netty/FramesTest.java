package io.confchat.dht.internal.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confchat.dht.internal.wire.WireLimits;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FramesTest {
    private static final byte[][] PAYLOADS = {{42}, randomBytes(300, 1), "third frame".getBytes()};

    @Test
    void decoder_shouldYieldTheSameFramesWhateverTheSplitPoint() {
        byte[] stream = concat(framed(PAYLOADS[0]), framed(PAYLOADS[1]), framed(PAYLOADS[2]));

        for (int split = 1; split < stream.length; split++) {
            Collector frames = new Collector();
            EmbeddedChannel channel = channelWith(frames);

            channel.writeInbound(Unpooled.wrappedBuffer(stream, 0, split));
            channel.writeInbound(Unpooled.wrappedBuffer(stream, split, stream.length - split));

            assertThat(frames.payloads).as("split at %d", split).containsExactly(PAYLOADS);
            assertThat(channel.finishAndReleaseAll()).isFalse();
        }
    }

    @Test
    void decoder_shouldYieldTheSameFramesFedOneByteAtATime() {
        byte[] stream = concat(framed(PAYLOADS[0]), framed(PAYLOADS[1]), framed(PAYLOADS[2]));
        Collector frames = new Collector();
        EmbeddedChannel channel = channelWith(frames);

        for (int i = 0; i < stream.length; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(stream, i, 1));
        }

        assertThat(frames.payloads).containsExactly(PAYLOADS);
    }

    @Test
    void decoder_shouldAcceptAnEmptyFrame() {
        Collector frames = new Collector();
        EmbeddedChannel channel = channelWith(frames);

        channel.writeInbound(Unpooled.wrappedBuffer(concat(framed(new byte[0]), framed(PAYLOADS[0]))));

        assertThat(frames.payloads).containsExactly(new byte[0], PAYLOADS[0]);
    }

    @Test
    void decoder_shouldAcceptAFrameOfExactlyTheMaximumSize() {
        byte[] largest = randomBytes(WireLimits.MAX_FRAME_BYTES, 2);
        Collector frames = new Collector();
        EmbeddedChannel channel = channelWith(frames);

        channel.writeInbound(Unpooled.wrappedBuffer(framed(largest)));

        assertThat(frames.payloads).containsExactly(largest);
    }

    @Test
    void decoder_shouldFailOnAnOversizedLengthAfterTheHeaderAlone() {
        RecordingAllocator allocator = new RecordingAllocator();
        Collector frames = new Collector();
        EmbeddedChannel channel = channelWith(frames);
        channel.config().setAllocator(allocator);
        ByteBuf header = Unpooled.buffer(4).writeInt(WireLimits.MAX_FRAME_BYTES + 1);

        assertThatThrownBy(() -> channel.writeInbound(header)).isInstanceOf(TooLongFrameException.class);

        assertThat(header.refCnt()).isZero();
        assertThat(allocator.largestRequest).isLessThan(1024);
        assertThat(frames.payloads).isEmpty();
    }

    @Test
    void decoder_shouldNeverDeliverTheBodyOfAnOversizedFrame() {
        Collector frames = new Collector();
        EmbeddedChannel channel = channelWith(frames);
        byte[] body = new byte[WireLimits.MAX_FRAME_BYTES + 1];

        assertThatThrownBy(() -> channel.writeInbound(Unpooled.buffer(4).writeInt(body.length)))
                .isInstanceOf(TooLongFrameException.class);
        channel.writeInbound(Unpooled.wrappedBuffer(body));

        assertThat(frames.payloads).isEmpty();
    }

    @Test
    void encoder_shouldPrefixTheLength() {
        EmbeddedChannel channel = channelWith(new Collector());

        channel.writeOutbound(Unpooled.wrappedBuffer(PAYLOADS[1]));

        byte[] written = drainOutbound(channel);
        assertThat(written).isEqualTo(framed(PAYLOADS[1]));
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** Collects every inbound frame as bytes and releases it. */
    static final class Collector extends ChannelInboundHandlerAdapter {
        final List<byte[]> payloads = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            try {
                payloads.add(Frames.bytes(frame));
            } finally {
                frame.release();
            }
        }
    }

    /** Remembers the largest buffer anyone asked it for; hands out unpooled heap buffers. */
    private static final class RecordingAllocator extends AbstractByteBufAllocator {
        int largestRequest;

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            largestRequest = Math.max(largestRequest, initialCapacity);
            return UnpooledByteBufAllocator.DEFAULT.heapBuffer(initialCapacity, maxCapacity);
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return newHeapBuffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }
    }

    private static EmbeddedChannel channelWith(Collector collector) {
        EmbeddedChannel channel = new EmbeddedChannel();
        Frames.install(channel.pipeline());
        channel.pipeline().addLast(collector);
        return channel;
    }

    static byte[] framed(byte[] payload) {
        return ByteBuffer.allocate(4 + payload.length)
                .putInt(payload.length)
                .put(payload)
                .array();
    }

    static byte[] drainOutbound(EmbeddedChannel channel) {
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf b = channel.readOutbound(); b != null; b = channel.readOutbound()) {
            all.writeBytes(b);
            b.release();
        }
        return Frames.bytes(all);
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer out =
                ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] p : parts) {
            out.put(p);
        }
        return out.array();
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }
}
