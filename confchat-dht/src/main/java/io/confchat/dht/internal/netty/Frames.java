package io.confchat.dht.internal.netty;

import io.confchat.dht.internal.wire.WireLimits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelPipeline;
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
public final class Frames {
    /** Name of the frame decoder in a pipeline. */
    public static final String DECODER = "frame-decoder";
    /** Name of the frame encoder in a pipeline. */
    public static final String ENCODER = "frame-encoder";

    private Frames() {}

    /**
     * Adds a decoder for the first frame only (a protocol id of at most {@link
     * WireLimits#MAX_PROTOCOL_ID_BYTES}) and the encoder: a connection that has not named its
     * protocol cannot make the node buffer a large frame. {@link #widen} lifts the limit.
     */
    static void installForProtocolId(ChannelPipeline p) {
        p.addLast(DECODER, new BoundedFrameDecoder(WireLimits.MAX_PROTOCOL_ID_BYTES));
        p.addLast(ENCODER, new LengthFieldPrepender(4));
    }

    /** Raises the decoder's limit to full-size frames, once the protocol is known. */
    static void widen(ChannelPipeline p) {
        if (p.get(DECODER) instanceof BoundedFrameDecoder decoder) {
            decoder.raiseLimit(WireLimits.MAX_FRAME_BYTES);
        }
    }

    /** Adds the frame decoder and encoder at the head of a pipeline. */
    public static void install(ChannelPipeline p) {
        p.addLast(DECODER, new BoundedFrameDecoder(WireLimits.MAX_FRAME_BYTES));
        p.addLast(ENCODER, new LengthFieldPrepender(4));
    }

    static byte[] bytes(ByteBuf frame) {
        return ByteBufUtil.getBytes(frame);
    }
}
