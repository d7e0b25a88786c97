package io.confchat.chat.internal.session;

import io.confchat.api.chat.MessageId;
import java.util.List;
import java.util.Objects;

/**
 * One frame of a live session, as the session handler reads and writes it: {@link
 * SessionFrameCodec} turns batches of them into bytes ({@code SessionFrames} of chat.proto) and
 * back. Every instance is within the protocol's limits.
 */
sealed interface Frame {
    /** Most frames in one batch, and most ids in one {@link Ack}. */
    int MAX_PER_BATCH = 256;

    /** Largest signal payload. */
    int MAX_SIGNAL_BYTES = 512;

    /** A text; the receiver acknowledges its id. */
    record Text(MessageId id, long sentAtMillis, String body) implements Frame {
        public Text {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(body, "body");
        }
    }

    /** The receiver got these texts. */
    record Ack(List<MessageId> ids) implements Frame {
        public Ack {
            if (ids.isEmpty() || ids.size() > MAX_PER_BATCH) {
                throw new IllegalArgumentException("an ack names 1.." + MAX_PER_BATCH + " ids");
            }
            ids = List.copyOf(ids);
        }
    }

    /** The user is typing. */
    record Typing() implements Frame {
        static final Typing INSTANCE = new Typing();
    }

    /** The hole-punch exchange (a {@code PathSignal}, opaque here); at most {@value #MAX_SIGNAL_BYTES}. */
    record Signal(byte[] payload) implements Frame {
        public Signal {
            if (payload.length == 0 || payload.length > MAX_SIGNAL_BYTES) {
                throw new IllegalArgumentException("a signal carries 1.." + MAX_SIGNAL_BYTES + " bytes");
            }
            payload = payload.clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }
    }

    /** Largest group envelope: a membership record (16 KiB and framing) and a sender key, or a message. */
    int MAX_GROUP_BYTES = 36 * 1024;

    /**
     * A group envelope ({@code GroupEnvelope} of group.proto, opaque here: the group code parses it);
     * 1 to {@value #MAX_GROUP_BYTES} bytes. Not acknowledged by the session: the group code answers
     * a group message with a receipt envelope of its own, and a lost one is caught up from the DHT.
     */
    record Group(byte[] payload) implements Frame {
        public Group {
            if (payload.length == 0 || payload.length > MAX_GROUP_BYTES) {
                throw new IllegalArgumentException("a group envelope carries 1.." + MAX_GROUP_BYTES + " bytes");
            }
            payload = payload.clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }
    }

    /** The sender ends the session; the connection closes after it. */
    record Bye(ByeReason reason) implements Frame {
        public Bye {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
