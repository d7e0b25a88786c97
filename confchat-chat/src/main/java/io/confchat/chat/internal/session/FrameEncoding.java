package io.confchat.chat.internal.session;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.confchat.api.chat.MessageId;
import java.io.IOException;

/**
 * Writes {@link Frame}s as elements of a {@code SessionFrames} batch (chat.proto), byte for byte
 * what the schema's own encoding gives, without building protobuf objects.
 */
final class FrameEncoding {
    static final int BATCH_FRAME = (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    static final int TEXT = 1;
    static final int ACK = 2;
    static final int TYPING = 3;
    static final int BYE = 4;
    static final int SIGNAL = 5;
    static final int GROUP = 6;

    private FrameEncoding() {}

    /** Bytes {@code f} takes in a batch; {@code body} is a text's UTF-8 body, else null. */
    static int sizeInBatch(Frame f, byte[] body) {
        int inner = innerSize(f, body);
        int frame = CodedOutputStream.computeTagSize(kind(f)) + CodedOutputStream.computeUInt32SizeNoTag(inner) + inner;
        return CodedOutputStream.computeTagSize(1) + CodedOutputStream.computeUInt32SizeNoTag(frame) + frame;
    }

    private static int innerSize(Frame f, byte[] body) {
        if (f instanceof Frame.Text t) {
            return CodedOutputStream.computeTagSize(1)
                    + 1
                    + MessageId.BYTES
                    + (t.sentAtMillis() == 0 ? 0 : CodedOutputStream.computeInt64Size(2, t.sentAtMillis()))
                    + CodedOutputStream.computeTagSize(3)
                    + CodedOutputStream.computeUInt32SizeNoTag(body.length)
                    + body.length;
        }
        if (f instanceof Frame.Ack a) {
            return a.ids().size() * (CodedOutputStream.computeTagSize(1) + 1 + MessageId.BYTES);
        }
        if (f instanceof Frame.Bye b) {
            return CodedOutputStream.computeEnumSize(2, b.reason().wire);
        }
        if (f instanceof Frame.Signal s) {
            return s.payload().length; // an encoded PathSignal, written as is
        }
        if (f instanceof Frame.Group g) {
            return g.payload().length; // an encoded GroupEnvelope, written as is
        }
        return 0; // typing
    }

    /** Writes {@code f} as one element of a batch. */
    static void writeFrame(CodedOutputStream out, Frame f, byte[] body) throws IOException {
        int inner = innerSize(f, body);
        int frame = CodedOutputStream.computeTagSize(kind(f)) + CodedOutputStream.computeUInt32SizeNoTag(inner) + inner;
        out.writeUInt32NoTag(BATCH_FRAME);
        out.writeUInt32NoTag(frame);
        out.writeTag(kind(f), WireFormat.WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(inner);
        if (f instanceof Frame.Text t) {
            writeId(out, 1, t.id());
            if (t.sentAtMillis() != 0) {
                out.writeInt64(2, t.sentAtMillis());
            }
            out.writeTag(3, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(body.length);
            out.writeRawBytes(body);
        } else if (f instanceof Frame.Ack a) {
            for (MessageId id : a.ids()) {
                writeId(out, 1, id);
            }
        } else if (f instanceof Frame.Bye b) {
            out.writeEnum(2, b.reason().wire);
        } else if (f instanceof Frame.Signal s) {
            out.writeRawBytes(s.payload());
        } else if (f instanceof Frame.Group g) {
            out.writeRawBytes(g.payload());
        }
    }

    private static void writeId(CodedOutputStream out, int field, MessageId id) throws IOException {
        out.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(MessageId.BYTES);
        out.writeFixed64NoTag(Long.reverseBytes(id.high())); // fixed64 is little-endian: bytes in order
        out.writeFixed64NoTag(Long.reverseBytes(id.low()));
    }

    private static int kind(Frame f) {
        if (f instanceof Frame.Text) {
            return TEXT;
        }
        if (f instanceof Frame.Ack) {
            return ACK;
        }
        if (f instanceof Frame.Signal) {
            return SIGNAL;
        }
        if (f instanceof Frame.Group) {
            return GROUP;
        }
        return f instanceof Frame.Bye ? BYE : TYPING;
    }
}
