package io.confchat.chat.internal.session;

import com.google.protobuf.CodedOutputStream;
import io.confchat.chat.internal.crypto.NoiseCipherState;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.CorruptedFrameException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the plaintext of each transport message into {@link Frame}s and back: one transport
 * message carries a {@code SessionFrames} batch (chat.proto), encoded and decoded here by hand to
 * exactly the bytes the schema defines, without building protobuf objects per text.
 *
 * <p>Outbound, frames written between two flushes share batches: a flush encodes them into as few
 * batches as the limits allow ({@value Frame#MAX_PER_BATCH} frames, one Noise message of
 * plaintext), so texts sent in a burst share encryptions. Inbound, every limit is checked before
 * a frame is handed on; a malformed batch fires a {@link CorruptedFrameException}. Frames of an
 * unknown kind (a newer peer's) are skipped. One per channel; event loop only.
 */
final class SessionFrameCodec extends ChannelDuplexHandler {
    private final List<Frame> pending = new ArrayList<>();
    private final List<ChannelPromise> promises = new ArrayList<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf plaintext)) {
            ctx.fireChannelRead(msg);
            return;
        }
        List<Frame> frames;
        try {
            frames = FrameDecoding.decode(plaintext);
        } catch (IOException | RuntimeException e) {
            ctx.fireExceptionCaught(new CorruptedFrameException("a malformed session batch: " + e.getMessage()));
            return;
        } finally {
            plaintext.release();
        }
        for (Frame f : frames) {
            ctx.fireChannelRead(f);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof Frame frame) {
            pending.add(frame);
            promises.add(promise);
        } else {
            ctx.write(msg, promise);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        int from = 0;
        while (from < pending.size()) {
            from = writeBatch(ctx, from);
        }
        pending.clear();
        promises.clear();
        ctx.flush();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        for (ChannelPromise p : promises) {
            p.tryFailure(new IOException("the session closed before the frame was sent"));
        }
        pending.clear();
        promises.clear();
    }

    /** Encodes pending frames from {@code from} into one batch and writes it; returns the next index. */
    private int writeBatch(ChannelHandlerContext ctx, int from) {
        List<byte[]> bodies = new ArrayList<>();
        int size = 0;
        int end = from;
        while (end < pending.size() && end - from < Frame.MAX_PER_BATCH) {
            Frame f = pending.get(end);
            byte[] body = f instanceof Frame.Text t ? t.body().getBytes(StandardCharsets.UTF_8) : null;
            int frameSize = FrameEncoding.sizeInBatch(f, body);
            if (end > from && size + frameSize > NoiseCipherState.MAX_PLAINTEXT_BYTES) {
                break;
            }
            bodies.add(body);
            size += frameSize;
            end++;
        }
        byte[] out = new byte[size];
        CodedOutputStream cos = CodedOutputStream.newInstance(out);
        try {
            for (int i = from; i < end; i++) {
                FrameEncoding.writeFrame(cos, pending.get(i), bodies.get(i - from));
            }
            cos.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new IllegalStateException("a session batch did not match its computed size", e);
        }
        ChannelPromise batch = ctx.newPromise();
        List<ChannelPromise> waiting = new ArrayList<>();
        for (int i = from; i < end; i++) {
            if (!promises.get(i).isVoid()) {
                waiting.add(promises.get(i));
            }
        }
        if (!waiting.isEmpty()) {
            batch.addListener(f -> waiting.forEach(p -> {
                if (f.isSuccess()) {
                    p.trySuccess();
                } else {
                    p.tryFailure(f.cause());
                }
            }));
        }
        ctx.write(ctx.alloc().heapBuffer(size).writeBytes(out), batch);
        return end;
    }
}
