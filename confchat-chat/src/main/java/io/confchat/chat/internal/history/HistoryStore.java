package io.confchat.chat.internal.history;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.confchat.api.Dht;
import io.confchat.api.DhtKey;
import io.confchat.api.SignedRecord;
import io.confchat.api.chat.ChatMessage;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.crypto.Sha256;
import io.confchat.chat.internal.proto.HistoryChunk;
import io.confchat.chat.internal.proto.HistoryIndex;
import io.confchat.chat.internal.proto.StoredMessage;
import io.confchat.chat.internal.records.MessageIds;
import io.confchat.chat.internal.records.Payloads;
import io.confchat.chat.internal.records.RecordKeys;
import io.confchat.chat.internal.records.RecordTypes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A user's saved conversation with one peer, in the DHT and readable from any node after login.
 *
 * <pre>
 *  key H("history/" + HMAC(naming key, "history/" + peer)), all records owned by the user:
 *    slot "index"   seq n   { chunk digests d0 .. dk }     (grows by one chunk per append)
 *    slot "chunk/0" seq 1   { messages ... }               SHA-256(plaintext) = d0
 *    ...
 * </pre>
 *
 * An append writes new chunks first and the index last, so a reader never sees an index naming
 * a chunk that does not exist yet; a chunk whose digest does not match its index entry is
 * ignored. Appends of one store run one at a time; messages already saved (by id) are skipped.
 */
public final class HistoryStore {
    private static final byte[] INDEX_SLOT = "index".getBytes(StandardCharsets.US_ASCII);
    /** Plaintext bytes per chunk: well under a record's 60 KiB payload after encryption. */
    private static final int CHUNK_BYTES = 48 * 1024;

    private final Dht dht;
    private final SecureRandom random;
    private final Executor worker;
    private final FutureQueue appends = new FutureQueue();

    /** @param worker runs the encryption and signing of appends, off the network threads */
    public HistoryStore(Dht dht, SecureRandom random, Executor worker) {
        this.worker = worker;
        this.dht = dht;
        this.random = random;
    }

    /** The saved messages with {@code peer}, oldest first. */
    public CompletableFuture<List<ChatMessage>> read(Account me, String peer) {
        return load(me, peer).thenApply(Saved::messages);
    }

    /** Appends the messages not saved yet. */
    public CompletableFuture<Void> append(Account me, String peer, List<ChatMessage> messages) {
        return appends.enqueue(
                () -> load(me, peer).thenComposeAsync(saved -> write(me, peer, saved, messages), worker));
    }

    private CompletableFuture<Saved> load(Account me, String peer) {
        DhtKey key = RecordKeys.history(me.storageKey(), peer);
        return dht.get(key).thenApply(records -> Saved.from(me, records));
    }

    private CompletableFuture<Void> write(Account me, String peer, Saved saved, List<ChatMessage> messages) {
        Set<String> known = new HashSet<>();
        saved.messages.forEach(m -> known.add(m.id()));
        List<StoredMessage> fresh = new ArrayList<>();
        for (ChatMessage m : messages) {
            if (known.add(m.id())) {
                fresh.add(toStored(m));
            }
        }
        if (fresh.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        DhtKey key = RecordKeys.history(me.storageKey(), peer);
        HistoryIndex.Builder index = HistoryIndex.newBuilder().addAllChunkDigests(saved.digests);
        List<CompletableFuture<?>> chunks = new ArrayList<>();
        for (HistoryChunk chunk : split(fresh)) {
            byte[] plain = chunk.toByteArray();
            byte[] slot = chunkSlot(index.getChunkDigestsCount());
            index.addChunkDigests(ByteString.copyFrom(Sha256.digest(plain)));
            chunks.add(dht.put(PrivateRecords.seal(me, key, RecordTypes.HISTORY, slot, 1, plain, random)));
        }
        SignedRecord indexRecord = PrivateRecords.seal(
                me,
                key,
                RecordTypes.HISTORY,
                INDEX_SLOT,
                saved.indexSeq + 1,
                index.build().toByteArray(),
                random);
        return CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new))
                .thenCompose(done -> dht.put(indexRecord))
                .thenApply(done -> null);
    }

    private static List<HistoryChunk> split(List<StoredMessage> messages) {
        List<HistoryChunk> chunks = new ArrayList<>();
        HistoryChunk.Builder current = HistoryChunk.newBuilder();
        int bytes = 0;
        for (StoredMessage m : messages) {
            int size = m.getSerializedSize() + 4;
            if (bytes + size > CHUNK_BYTES && current.getMessagesCount() > 0) {
                chunks.add(current.build());
                current = HistoryChunk.newBuilder();
                bytes = 0;
            }
            current.addMessages(m);
            bytes += size;
        }
        chunks.add(current.build());
        return chunks;
    }

    private static StoredMessage toStored(ChatMessage m) {
        return StoredMessage.newBuilder()
                .setMessageId(ByteString.copyFrom(MessageIds.toBytes(m.id())))
                .setSender(m.from())
                .setRecipient(m.to())
                .setSentAtMillis(m.sentAt().toEpochMilli())
                .setText(m.text())
                .setViaInbox(m.viaInbox())
                .build();
    }

    private static byte[] chunkSlot(int n) {
        return ("chunk/" + n).getBytes(StandardCharsets.US_ASCII);
    }

    /** What the DHT holds for one conversation, as far as it checks out. */
    private record Saved(long indexSeq, List<ByteString> digests, List<ChatMessage> messages) {
        static Saved from(Account me, List<SignedRecord> records) {
            SignedRecord indexRecord = null;
            Map<String, byte[]> chunks = new HashMap<>();
            for (SignedRecord r : records) {
                if (!r.type().equals(RecordTypes.HISTORY)) {
                    continue;
                }
                Optional<byte[]> plain = PrivateRecords.open(me, r);
                if (plain.isEmpty()) {
                    continue;
                }
                if (Arrays.equals(r.slot(), INDEX_SLOT)) {
                    indexRecord = r;
                    chunks.put("index", plain.get());
                } else {
                    chunks.put(new String(r.slot(), StandardCharsets.US_ASCII), plain.get());
                }
            }
            if (indexRecord == null) {
                return new Saved(0, List.of(), List.of());
            }
            try {
                HistoryIndex index = HistoryIndex.parseFrom(chunks.get("index"));
                List<ChatMessage> messages = new ArrayList<>();
                Set<String> seen = new HashSet<>();
                for (int n = 0; n < index.getChunkDigestsCount(); n++) {
                    byte[] chunk = chunks.get("chunk/" + n);
                    if (chunk == null
                            || !Arrays.equals(
                                    Sha256.digest(chunk),
                                    index.getChunkDigests(n).toByteArray())) {
                        continue; // lost or stale: the rest still shows
                    }
                    for (StoredMessage m : HistoryChunk.parseFrom(chunk).getMessagesList()) {
                        ChatMessage message = fromStored(m);
                        if (message != null && seen.add(message.id())) {
                            messages.add(message);
                        }
                    }
                }
                return new Saved(indexRecord.seq(), index.getChunkDigestsList(), messages);
            } catch (InvalidProtocolBufferException e) {
                return new Saved(indexRecord.seq(), List.of(), List.of());
            }
        }

        private static ChatMessage fromStored(StoredMessage m) {
            if (m.getMessageId().size() != Payloads.MESSAGE_ID_BYTES) {
                return null;
            }
            return new ChatMessage(
                    MessageIds.toHex(m.getMessageId().toByteArray()),
                    m.getSender(),
                    m.getRecipient(),
                    Instant.ofEpochMilli(m.getSentAtMillis()),
                    m.getText(),
                    m.getViaInbox());
        }
    }
}
