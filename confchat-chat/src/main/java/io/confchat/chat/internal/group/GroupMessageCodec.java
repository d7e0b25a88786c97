package io.confchat.chat.internal.group;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.MessageId;
import io.confchat.chat.internal.crypto.ChaChaPoly;
import io.confchat.chat.internal.proto.GroupMessage;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Strict encoding and decoding of {@code GroupMessage} and {@code GroupText} (group.proto). A
 * decoder checks the size before parsing and every field after it; anything out of bounds is empty,
 * never an exception. Stateless and thread-safe.
 */
final class GroupMessageCodec {
    static final int ID_BYTES = 32;
    static final int SIGNATURE_BYTES = 64;
    /** Envelope of a GroupText around its text: id, time, tags; generous. */
    private static final int TEXT_OVERHEAD = 64;
    /** Largest GroupText plaintext: a 16 KiB text and its fields. */
    static final int MAX_PLAINTEXT_BYTES = ChatMessage.MAX_TEXT_BYTES + TEXT_OVERHEAD;
    /** Largest ciphertext: that plaintext and the AEAD tag. */
    static final int MAX_CIPHERTEXT_BYTES = MAX_PLAINTEXT_BYTES + ChaChaPoly.TAG_BYTES;
    /** Largest encoded GroupMessage: 17 KiB, checked before parsing. */
    static final int MAX_MESSAGE_BYTES = 17 * 1024;

    private GroupMessageCodec() {}

    static byte[] encode(SealedGroupMessage m) {
        return GroupMessage.newBuilder()
                .setGroupId(ByteString.copyFrom(m.groupId()))
                .setChainId(ByteString.copyFrom(m.chainId()))
                .setIteration(m.iteration())
                .setCiphertext(ByteString.copyFrom(m.ciphertext()))
                .setSignature(ByteString.copyFrom(m.signature()))
                .build()
                .toByteArray();
    }

    /** The bytes of {@code m} without its signature: a stored copy's payload, and what the signature covers. */
    static byte[] encodeUnsigned(SealedGroupMessage m) {
        return GroupMessage.newBuilder()
                .setGroupId(ByteString.copyFrom(m.groupId()))
                .setChainId(ByteString.copyFrom(m.chainId()))
                .setIteration(m.iteration())
                .setCiphertext(ByteString.copyFrom(m.ciphertext()))
                .build()
                .toByteArray();
    }

    /** The message in {@code bytes}, or empty if it is too large, does not parse or a field is out of bounds. */
    static Optional<SealedGroupMessage> decode(byte[] bytes) {
        return decode(bytes, SIGNATURE_BYTES);
    }

    /**
     * The message a stored copy's payload holds, with the signature its record carries: empty
     * unless the payload is a message without a signature (see {@link #decode(byte[])}).
     */
    static Optional<SealedGroupMessage> decodeStored(byte[] payload, byte[] recordSignature) {
        return decode(payload, 0)
                .map(m -> new SealedGroupMessage(
                        m.groupId(), m.chainId(), m.iteration(), m.ciphertext(), recordSignature.clone()));
    }

    private static Optional<SealedGroupMessage> decode(byte[] bytes, int signatureBytes) {
        if (bytes == null || bytes.length > MAX_MESSAGE_BYTES) {
            return Optional.empty();
        }
        GroupMessage m;
        try {
            m = GroupMessage.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
        if (m.getGroupId().size() != ID_BYTES
                || m.getChainId().size() != ID_BYTES
                || Integer.compareUnsigned(m.getIteration(), SendingChain.MAX_LENGTH) >= 0
                || m.getCiphertext().size() < ChaChaPoly.TAG_BYTES
                || m.getCiphertext().size() > MAX_CIPHERTEXT_BYTES
                || m.getSignature().size() != signatureBytes) {
            return Optional.empty();
        }
        return Optional.of(new SealedGroupMessage(
                m.getGroupId().toByteArray(),
                m.getChainId().toByteArray(),
                m.getIteration(),
                m.getCiphertext().toByteArray(),
                m.getSignature().toByteArray()));
    }

    static byte[] encodeText(GroupText t) {
        return io.confchat.chat.internal.proto.GroupText.newBuilder()
                .setMessageId(ByteString.copyFrom(t.id().toBytes()))
                .setSentAtMillis(t.sentAtMillis())
                .setText(t.text())
                .build()
                .toByteArray();
    }

    /** The text in {@code plaintext}, or empty unless it has a 16-byte id and 1 byte to 16 KiB of text. */
    static Optional<GroupText> decodeText(byte[] plaintext) {
        if (plaintext.length > MAX_PLAINTEXT_BYTES) {
            return Optional.empty();
        }
        io.confchat.chat.internal.proto.GroupText t;
        try {
            t = io.confchat.chat.internal.proto.GroupText.parseFrom(plaintext);
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
        int textBytes = t.getTextBytes().size();
        if (t.getMessageId().size() != MessageId.BYTES
                || textBytes == 0
                || textBytes > ChatMessage.MAX_TEXT_BYTES
                || !t.getTextBytes().isValidUtf8()) {
            return Optional.empty();
        }
        return Optional.of(new GroupText(
                MessageId.of(t.getMessageId().toByteArray()),
                t.getSentAtMillis(),
                t.getTextBytes().toString(StandardCharsets.UTF_8)));
    }
}
