package io.confchat.dht.internal.netty;

import io.confchat.dht.internal.wire.WireLimits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;

/**
 * The framing of every TCP connection: a 4-byte big-endian length, then that many bytes, at most
 * {@link WireLimits#MAX_FRAME_BYTES}. A longer length closes the connection before anything is
 * allocated for it.
 *
 * <pre>
 *  +--------+----------------+--------+----------------+
 *  | length | frame (bytes)  | length | frame          | ...
 *  +--------+----------------+--------+----------------+
 * </pre>
 */
final class Frames {
    static final String DECODER = "frame-decoder";
    static final String ENCODER = "frame-encoder";

    private Frames() {}

    /** Adds the frame decoder and encoder at the head of a pipeline. */
    static void install(ChannelPipeline p) {
        // netty's maxFrameLength counts the 4-byte length field too; MAX_FRAME_BYTES excludes it
        p.addLast(DECODER, new LengthFieldBasedFrameDecoder(WireLimits.MAX_FRAME_BYTES + 4, 0, 4, 0, 4, true));
        p.addLast(ENCODER, new LengthFieldPrepender(4));
    }

    static byte[] bytes(ByteBuf frame) {
        return ByteBufUtil.getBytes(frame);
    }
}
