package io.confchat.chat.internal.history;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.confchat.api.Dht;
import io.confchat.api.DhtKey;
import io.confchat.api.SignedRecord;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.crypto.Sha256;
import io.confchat.chat.internal.proto.ChunkRef;
import io.confchat.chat.internal.proto.HistoryChunk;
import io.confchat.chat.internal.proto.HistoryIndex;
import io.confchat.chat.internal.proto.StoredMessage;
import io.confchat.chat.internal.records.RecordKeys;
import io.confchat.chat.internal.records.RecordTypes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Reads a conversation's history records: the newest index that opens under the user's key, and
 * chunks checked against the digests the index gives. Thread-safe.
 */
final class HistoryRecords {
    static final byte[] INDEX_SLOT = "index".getBytes(StandardCharsets.US_ASCII);
    static final byte[] CHUNK_SLOT = "chunk".getBytes(StandardCharsets.US_ASCII);

    private final Dht dht;

    HistoryRecords(Dht dht) {
        this.dht = dht;
    }

    /** The newest index of the conversation with {@code peer} that opens under this user's key. */
    CompletableFuture<Index> index(Account me, String peer) {
        return dht.get(RecordKeys.history(me.storageKey(), peer)).thenApply(records -> {
            Index best = Index.EMPTY;
            for (SignedRecord r : records) {
                Optional<byte[]> plain = r.type().equals(RecordTypes.HISTORY)
                                && Arrays.equals(r.slot(), INDEX_SLOT)
                                && Long.compareUnsigned(r.seq(), best.seq()) > 0
                        ? PrivateRecords.open(me, r)
                        : Optional.empty();
                if (plain.isPresent()) {
                    try {
                        best = new Index(
                                r.seq(), HistoryIndex.parseFrom(plain.get()).getChunksList());
                    } catch (InvalidProtocolBufferException e) {
                        // our own key sealed it, yet it does not parse: keep the best so far
                    }
                }
            }
            return best;
        });
    }

    /** The chunk {@code ref} names, parsed; empty if unreadable now. */
    CompletableFuture<Optional<Chunk>> chunk(Account me, String peer, ChunkRef ref) {
        DhtKey key = RecordKeys.historyChunk(me.storageKey(), peer, ref.getPosition());
        return chunkPlain(me, key, ref)
                .thenApply(plain -> plain.flatMap(p -> {
                    try {
                        return Optional.of(new Chunk(
                                ref.getDigest(), HistoryChunk.parseFrom(p).getMessagesList(), p.length));
                    } catch (InvalidProtocolBufferException e) {
                        return Optional.empty();
                    }
                }));
    }

    /** The plaintext of the chunk {@code ref} names, checked against its digest; empty if unreadable now. */
    CompletableFuture<Optional<byte[]>> chunkPlain(Account me, DhtKey key, ChunkRef ref) {
        return dht.get(key).handle((records, error) -> {
            if (error != null) {
                return Optional.empty(); // unreadable now: the rest still shows
            }
            for (SignedRecord r : records) {
                Optional<byte[]> plain = r.type().equals(RecordTypes.HISTORY) && Arrays.equals(r.slot(), CHUNK_SLOT)
                        ? PrivateRecords.open(me, r)
                        : Optional.empty();
                if (plain.isPresent() && ref.getDigest().equals(ByteString.copyFrom(Sha256.digest(plain.get())))) {
                    return plain;
                }
            }
            return Optional.empty();
        });
    }

    /** The newest index of a conversation: its seq and chunk refs, oldest first. */
    record Index(long seq, List<ChunkRef> refs) {
        static final Index EMPTY = new Index(0, List.of());
    }

    /** A chunk's messages with its digest and plaintext size. */
    record Chunk(ByteString digest, List<StoredMessage> messages, int bytes) {}
}
