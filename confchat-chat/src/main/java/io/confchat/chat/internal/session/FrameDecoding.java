package io.confchat.chat.internal.session;

import static io.confchat.chat.internal.session.FrameEncoding.ACK;
import static io.confchat.chat.internal.session.FrameEncoding.BATCH_FRAME;
import static io.confchat.chat.internal.session.FrameEncoding.GROUP;
import static io.confchat.chat.internal.session.FrameEncoding.SIGNAL;
import static io.confchat.chat.internal.session.FrameEncoding.TEXT;
import static io.confchat.chat.internal.session.FrameEncoding.TYPING;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.MessageId;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code SessionFrames} batch (chat.proto) into {@link Frame}s, checking every limit:
 * at most {@value Frame#MAX_PER_BATCH} frames, ids of 16 bytes, texts of 1 to 16 KiB of valid
 * UTF-8, acks of 1 to {@value Frame#MAX_PER_BATCH} ids, signals of 1 to {@value
 * Frame#MAX_SIGNAL_BYTES} bytes, group envelopes of 1 to {@value Frame#MAX_GROUP_BYTES} bytes, no
 * protobuf groups. Unknown fields and frames of
 * an unknown kind (a newer peer's) are skipped; anything else malformed throws.
 */
final class FrameDecoding {
    private FrameDecoding() {}

    /** Decodes one batch; throws for anything outside the protocol's limits. */
    static List<Frame> decode(ByteBuf plaintext) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(plaintext.nioBuffer());
        List<Frame> frames = new ArrayList<>();
        int count = 0;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (tag != BATCH_FRAME) {
                skip(in, tag);
                continue;
            }
            if (++count > Frame.MAX_PER_BATCH) {
                throw new IOException("more than " + Frame.MAX_PER_BATCH + " frames in one batch");
            }
            int limit = in.pushLimit(in.readRawVarint32());
            Frame f = readFrame(in);
            in.popLimit(limit);
            if (f != null) {
                frames.add(f);
            }
        }
        return frames;
    }

    /** One frame; null for a frame of a kind this version does not know. */
    private static Frame readFrame(CodedInputStream in) throws IOException {
        Frame frame = null;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            int field = WireFormat.getTagFieldNumber(tag);
            if (field < TEXT
                    || field > GROUP
                    || WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                skip(in, tag);
                continue;
            }
            if (frame != null) {
                throw new IOException("a frame of two kinds");
            }
            int limit = in.pushLimit(in.readRawVarint32());
            frame = switch (field) {
                case TEXT -> readText(in);
                case ACK -> readAck(in);
                case TYPING -> readTyping(in);
                case SIGNAL -> readSignal(in);
                case GROUP -> readGroup(in);
                default -> readBye(in);
            };
            in.popLimit(limit);
        }
        return frame;
    }

    private static Frame.Text readText(CodedInputStream in) throws IOException {
        MessageId id = null;
        long sentAt = 0;
        String body = null;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (tag) {
                case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> id = readId(in);
                case (2 << 3) | WireFormat.WIRETYPE_VARINT -> sentAt = in.readInt64();
                case (3 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> body = readBody(in);
                default -> skip(in, tag);
            }
        }
        if (id == null || body == null || body.isEmpty()) {
            throw new IOException("a text without id or body");
        }
        return new Frame.Text(id, sentAt, body);
    }

    /** A body of 1 to {@link ChatMessage#MAX_TEXT_BYTES} bytes of valid UTF-8. */
    private static String readBody(CodedInputStream in) throws IOException {
        String body = in.readStringRequireUtf8(); // bounded by the batch, itself one Noise message
        boolean fits = (long) body.length() * 3 <= ChatMessage.MAX_TEXT_BYTES
                || body.getBytes(StandardCharsets.UTF_8).length <= ChatMessage.MAX_TEXT_BYTES;
        if (body.isEmpty() || !fits) {
            throw new IOException("a text body of " + body.length() + " characters");
        }
        return body;
    }

    private static Frame.Ack readAck(CodedInputStream in) throws IOException {
        List<MessageId> ids = new ArrayList<>();
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (tag != ((1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
                skip(in, tag);
                continue;
            }
            if (ids.size() == Frame.MAX_PER_BATCH) {
                throw new IOException("an ack of more than " + Frame.MAX_PER_BATCH + " ids");
            }
            ids.add(readId(in));
        }
        if (ids.isEmpty()) {
            throw new IOException("an empty ack");
        }
        return new Frame.Ack(ids);
    }

    private static Frame.Typing readTyping(CodedInputStream in) throws IOException {
        while (!in.isAtEnd()) {
            skip(in, in.readTag());
        }
        return Frame.Typing.INSTANCE;
    }

    /** A signal's bytes, opaque here (the hole-punch code parses them); 1 to 512 bytes. */
    private static Frame.Signal readSignal(CodedInputStream in) throws IOException {
        int size = in.getBytesUntilLimit();
        if (size < 1 || size > Frame.MAX_SIGNAL_BYTES) {
            throw new IOException("a signal of " + size + " bytes");
        }
        return new Frame.Signal(in.readRawBytes(size));
    }

    /** A group envelope's bytes, opaque here (the group code parses them); 1 to 36 KiB. */
    private static Frame.Group readGroup(CodedInputStream in) throws IOException {
        int size = in.getBytesUntilLimit();
        if (size < 1 || size > Frame.MAX_GROUP_BYTES) {
            throw new IOException("a group envelope of " + size + " bytes");
        }
        return new Frame.Group(in.readRawBytes(size));
    }

    private static Frame.Bye readBye(CodedInputStream in) throws IOException {
        int code = 0;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (tag == ((2 << 3) | WireFormat.WIRETYPE_VARINT)) {
                code = in.readEnum();
            } else {
                skip(in, tag);
            }
        }
        return new Frame.Bye(ByeReason.fromWire(code));
    }

    private static MessageId readId(CodedInputStream in) throws IOException {
        if (in.readRawVarint32() != MessageId.BYTES) {
            throw new IOException("a message id that is not " + MessageId.BYTES + " bytes");
        }
        long high = Long.reverseBytes(in.readRawLittleEndian64());
        return MessageId.of(high, Long.reverseBytes(in.readRawLittleEndian64()));
    }

    private static void skip(CodedInputStream in, int tag) throws IOException {
        int type = WireFormat.getTagWireType(tag);
        boolean group = type == WireFormat.WIRETYPE_START_GROUP || type == WireFormat.WIRETYPE_END_GROUP;
        if (tag == 0 || group || type > WireFormat.WIRETYPE_FIXED32 || !in.skipField(tag)) {
            throw new IOException("an unreadable field (tag " + tag + ")");
        }
    }
}
