package io.confchat.chat.internal.session;

import io.confchat.chat.internal.crypto.NoiseCipherState;
import io.confchat.chat.internal.crypto.NoiseException;
import io.confchat.chat.internal.crypto.NoiseTransport;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.CorruptedFrameException;

/**
 * The Noise transport phase (Noise rev 34, section 5) as one handler for both directions, in the
 * manner of netty's {@code SslHandler}: every outbound {@link ByteBuf} is encrypted into one
 * transport message, every inbound frame is one transport message decrypted in place of it. A
 * message that fails to decrypt fires a {@link CorruptedFrameException}: over an ordered stream
 * the session cannot go on (section 5.1), so the session handler closes it.
 *
 * <p>Installed by the handshake handler when the handshake completes; one per channel. The cipher
 * states are used on the channel's event loop only.
 */
final class NoiseTransportCodec extends ChannelDuplexHandler {
    private final NoiseCipherState sender;
    private final NoiseCipherState receiver;

    NoiseTransportCodec(NoiseTransport transport) {
        this.sender = transport.sender();
        this.receiver = transport.receiver();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf ciphertext)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf plaintext;
        try {
            plaintext = decrypt(ctx, ciphertext);
        } catch (NoiseException | IllegalArgumentException e) {
            ctx.fireExceptionCaught(new CorruptedFrameException("a transport message failed to decrypt", e));
            return;
        } finally {
            ciphertext.release();
        }
        ctx.fireChannelRead(plaintext);
    }

    private ByteBuf decrypt(ChannelHandlerContext ctx, ByteBuf in) throws NoiseException {
        int length = in.readableBytes();
        if (length < NoiseCipherState.TAG_BYTES || length > NoiseCipherState.MAX_MESSAGE_BYTES) {
            throw new NoiseException("a transport message of " + length + " bytes");
        }
        ByteBuf out = ctx.alloc().heapBuffer(length - NoiseCipherState.TAG_BYTES);
        try {
            byte[] src = in.hasArray() ? in.array() : readAll(in);
            int srcOff = in.hasArray() ? in.arrayOffset() + in.readerIndex() : 0;
            int n = receiver.decrypt(null, src, srcOff, length, out.array(), out.arrayOffset());
            out.writerIndex(n);
            return out;
        } catch (NoiseException | RuntimeException e) {
            out.release();
            throw e;
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf plaintext)) {
            ctx.write(msg, promise);
            return;
        }
        ByteBuf out;
        try {
            int length = plaintext.readableBytes();
            out = ctx.alloc().heapBuffer(length + NoiseCipherState.TAG_BYTES);
            byte[] src = plaintext.hasArray() ? plaintext.array() : readAll(plaintext);
            int srcOff = plaintext.hasArray() ? plaintext.arrayOffset() + plaintext.readerIndex() : 0;
            int n = sender.encrypt(null, src, srcOff, length, out.array(), out.arrayOffset());
            out.writerIndex(n);
        } catch (RuntimeException e) {
            promise.tryFailure(e);
            return;
        } finally {
            plaintext.release();
        }
        ctx.write(out, promise);
    }

    private static byte[] readAll(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), bytes);
        return bytes;
    }
}
