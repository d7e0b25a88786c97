package io.confchat.dht.internal.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Splits a stream into length-prefixed frames (a 4-byte big-endian length, then that many bytes),
 * refusing a length above the limit as soon as the prefix arrives, before anything is buffered
 * for it. The limit can be raised once the peer is known, without replacing the decoder (a
 * replacement could lose bytes already read). After a bad prefix the stream is unusable: the
 * decoder discards the rest, and the channel's handler closes the connection. One per channel.
 */
final class BoundedFrameDecoder extends ByteToMessageDecoder {
    private volatile int maxFrameBytes;
    /** After a bad length prefix the stream has no frame boundaries left: everything is discarded. */
    private boolean broken;

    BoundedFrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    /** Allows frames up to {@code max} bytes from now on. */
    void raiseLimit(int max) {
        this.maxFrameBytes = Math.max(maxFrameBytes, max);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (broken) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < 4) {
            return;
        }
        int length = in.getInt(in.readerIndex());
        if (length < 0) {
            broken = true;
            in.skipBytes(in.readableBytes());
            throw new CorruptedFrameException("negative frame length " + length);
        }
        if (length > maxFrameBytes) {
            broken = true;
            in.skipBytes(in.readableBytes());
            throw new TooLongFrameException("frame of " + length + " bytes exceeds " + maxFrameBytes);
        }
        if (in.readableBytes() < 4 + length) {
            return;
        }
        in.skipBytes(4);
        out.add(in.readRetainedSlice(length));
    }
}
