package io.confchat.chat.internal.history;

import com.google.protobuf.ByteString;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.MessageId;
import io.confchat.chat.internal.proto.HistoryChunk;
import io.confchat.chat.internal.proto.StoredMessage;
import io.confchat.chat.internal.records.Usernames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Messages as a history stores them, and how they are cut into chunks. */
final class HistoryCodec {
    /** Plaintext bytes per chunk: well under a record's 60 KiB payload after encryption. */
    static final int CHUNK_BYTES = 48 * 1024;

    private HistoryCodec() {}

    static StoredMessage toStored(ChatMessage m) {
        return StoredMessage.newBuilder()
                .setMessageId(ByteString.copyFrom(m.id().toBytes()))
                .setSender(m.from())
                .setRecipient(m.to())
                .setSentAtMillis(m.sentAt().toEpochMilli())
                .setText(m.text())
                .setViaInbox(m.viaInbox())
                .build();
    }

    /** A stored message read back; empty if the owner's own record holds something malformed. */
    static Optional<ChatMessage> fromStored(StoredMessage m) {
        if (m.getMessageId().size() != MessageId.BYTES
                || !Usernames.isNormalized(m.getSender())
                || !Usernames.isNormalized(m.getRecipient())
                || m.getText().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ChatMessage(
                MessageId.of(m.getMessageId().toByteArray()),
                m.getSender(),
                m.getRecipient(),
                Instant.ofEpochMilli(m.getSentAtMillis()),
                m.getText(),
                m.getViaInbox()));
    }

    /** Bytes a message takes in a chunk. */
    static int sizeInChunk(StoredMessage m) {
        int size = m.getSerializedSize();
        return size + 1 + com.google.protobuf.CodedOutputStream.computeUInt32SizeNoTag(size);
    }

    /** Cuts messages into chunks of at most {@link #CHUNK_BYTES}, in order, the last one possibly part full. */
    static List<HistoryChunk> split(List<StoredMessage> messages) {
        List<HistoryChunk> chunks = new ArrayList<>();
        HistoryChunk.Builder current = HistoryChunk.newBuilder();
        int bytes = 0;
        for (StoredMessage m : messages) {
            int size = sizeInChunk(m);
            if (bytes + size > CHUNK_BYTES && current.getMessagesCount() > 0) {
                chunks.add(current.build());
                current = HistoryChunk.newBuilder();
                bytes = 0;
            }
            current.addMessages(m);
            bytes += size;
        }
        if (current.getMessagesCount() > 0) {
            chunks.add(current.build());
        }
        return chunks;
    }
}
