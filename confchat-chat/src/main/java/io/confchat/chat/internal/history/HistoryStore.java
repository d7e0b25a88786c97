package io.confchat.chat.internal.history;

import com.google.protobuf.ByteString;
import io.confchat.api.Dht;
import io.confchat.api.DhtKey;
import io.confchat.api.chat.ChatMessage;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.crypto.Sha256;
import io.confchat.chat.internal.history.HistoryRecords.Chunk;
import io.confchat.chat.internal.history.HistoryRecords.Index;
import io.confchat.chat.internal.proto.ChunkRef;
import io.confchat.chat.internal.proto.HistoryChunk;
import io.confchat.chat.internal.proto.HistoryIndex;
import io.confchat.chat.internal.proto.StoredMessage;
import io.confchat.chat.internal.records.DurablePut;
import io.confchat.chat.internal.records.RecordKeys;
import io.confchat.chat.internal.records.RecordTypes;
import io.confchat.dht.time.Scheduler;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * A user's saved conversations, in the DHT and readable from any node after login.
 *
 * <pre>
 *  index  key H("history/" + HMAC(naming key, "history/" + peer)), slot "index", seq s
 *         { chunk refs: (position, seq, SHA-256 of plaintext, count) ... oldest first }
 *  chunk  key H("history/" + HMAC(naming key, "history/" + peer + "/chunk/" + position)),
 *         slot "chunk", seq = the seq of the index that first named it
 * </pre>
 *
 * An append writes its chunks to positions no index names, then the index with a seq above the
 * last one read and the current time ({@code max(previous + 1, now)}), so a retried append never
 * collides with what a failed attempt stored, and a failed attempt leaves only unnamed chunks
 * behind: nothing wedges, nothing named is overwritten. The last chunk, while not full, is
 * rewritten (at a fresh position) with the new messages. The index keeps the newest {@code
 * retention} chunks; older positions are reused, which bounds what one conversation stores.
 * Readers skip a chunk whose digest does not match (lost, or from a failed append). Appends of one
 * conversation run one after another. Thread-safe.
 */
public final class HistoryStore {
    /** Most chunks one append writes; positions beyond the retention that an append may use. */
    public static final int CHUNKS_PER_APPEND = 8;

    private final Dht dht;
    private final HistoryRecords records;
    private final SecureRandom random;
    private final Scheduler clock;
    private final int retention;
    private final Executor worker;
    private final Map<DhtKey, FutureQueue> appends = new ConcurrentHashMap<>();
    /** The last chunk each conversation wrote, so the next append need not fetch it again. */
    private final Map<DhtKey, Chunk> lastWritten = new ConcurrentHashMap<>();

    /**
     * @param retention most chunks (of up to 48 KiB) a conversation keeps in the DHT
     * @param worker encrypts and signs chunks, off the network threads
     */
    public HistoryStore(Dht dht, SecureRandom random, Scheduler clock, int retention, Executor worker) {
        if (retention < 1 || retention + CHUNKS_PER_APPEND > 240) {
            throw new IllegalArgumentException("history retention must be 1.." + (240 - CHUNKS_PER_APPEND));
        }
        this.dht = dht;
        this.records = new HistoryRecords(dht);
        this.random = random;
        this.clock = clock;
        this.retention = retention;
        this.worker = worker;
    }

    /** Every saved message with {@code peer}, oldest first. */
    public CompletableFuture<List<ChatMessage>> read(Account me, String peer) {
        return recent(me, peer, Integer.MAX_VALUE);
    }

    /** At least the newest {@code count} saved messages with {@code peer} (whole chunks), oldest first. */
    public CompletableFuture<List<ChatMessage>> recent(Account me, String peer, int count) {
        return records.index(me, peer).thenCompose(index -> {
            List<ChunkRef> wanted = new ArrayList<>();
            int messages = 0;
            for (int i = index.refs().size() - 1; i >= 0 && messages < count; i--) {
                wanted.add(0, index.refs().get(i));
                messages += index.refs().get(i).getCount();
            }
            List<CompletableFuture<Optional<Chunk>>> chunks = new ArrayList<>();
            for (ChunkRef ref : wanted) {
                chunks.add(records.chunk(me, peer, ref));
            }
            return CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new))
                    .thenApply(done -> {
                        List<ChatMessage> out = new ArrayList<>();
                        Set<Object> ids = new HashSet<>();
                        for (CompletableFuture<Optional<Chunk>> c : chunks) {
                            c.join()
                                    .ifPresent(chunk -> chunk.messages().stream()
                                            .flatMap(m -> HistoryCodec.fromStored(m).stream())
                                            .filter(m -> ids.add(m.id()))
                                            .forEach(out::add));
                        }
                        return out;
                    });
        });
    }

    /**
     * Appends messages to the saved conversation with {@code peer} (in as many appends of at most
     * {@value #CHUNKS_PER_APPEND} chunks as needed).
     *
     * @return completes when every message is named by a stored index; fails if a put failed (the
     *     caller tries again later: a retry stores each message once more at worst, and readers
     *     show each id once)
     */
    public CompletableFuture<Void> append(Account me, String peer, List<ChatMessage> messages) {
        List<StoredMessage> stored =
                messages.stream().map(HistoryCodec::toStored).toList();
        DhtKey key = RecordKeys.history(me.storageKey(), peer);
        return appends.computeIfAbsent(key, k -> new FutureQueue()).enqueue(() -> appendAll(me, peer, stored));
    }

    /**
     * Keeps the conversation's saved history alive (records live a year from their last put): the
     * chunks written before {@code cutoff} are written again, unchanged, under a new seq at their
     * positions, then the index naming them with that seq. Runs in turn with the appends of the
     * conversation. A chunk that cannot be read now keeps its old ref (the next refresh tries it
     * again); a failed put fails the refresh before the index is written, which leaves the old
     * index valid (readers match chunks by digest).
     *
     * @return how many chunks were written again
     */
    public CompletableFuture<Integer> refresh(Account me, String peer, Instant cutoff) {
        DhtKey key = RecordKeys.history(me.storageKey(), peer);
        return appends.computeIfAbsent(key, k -> new FutureQueue())
                .enqueue(() -> records.index(me, peer).thenCompose(index -> refreshOnce(me, peer, index, cutoff)));
    }

    private CompletableFuture<Integer> refreshOnce(Account me, String peer, Index index, Instant cutoff) {
        long before = cutoff.toEpochMilli();
        boolean indexOld = index.seq() != 0 && Long.compareUnsigned(index.seq(), before) < 0;
        if (!indexOld && index.refs().stream().allMatch(r -> r.getSeq() >= before)) {
            return CompletableFuture.completedFuture(0);
        }
        long seq = Math.max(index.seq() + 1, clock.now().toEpochMilli());
        List<CompletableFuture<ChunkRef>> refs = new ArrayList<>();
        for (ChunkRef ref : index.refs()) {
            if (ref.getSeq() >= before) {
                refs.add(CompletableFuture.completedFuture(ref));
                continue;
            }
            DhtKey key = RecordKeys.historyChunk(me.storageKey(), peer, ref.getPosition());
            refs.add(records.chunkPlain(me, key, ref)
                    .thenCompose(plain -> plain.isEmpty()
                            ? CompletableFuture.completedFuture(ref)
                            : DurablePut.put(
                                            dht,
                                            PrivateRecords.seal(
                                                    me,
                                                    key,
                                                    RecordTypes.HISTORY,
                                                    HistoryRecords.CHUNK_SLOT,
                                                    seq,
                                                    plain.get(),
                                                    random))
                                    .thenApply(stored ->
                                            ref.toBuilder().setSeq(seq).build())));
        }
        return CompletableFuture.allOf(refs.toArray(CompletableFuture[]::new)).thenCompose(done -> {
            List<ChunkRef> fresh = refs.stream().map(CompletableFuture::join).toList();
            byte[] indexPlain =
                    HistoryIndex.newBuilder().addAllChunks(fresh).build().toByteArray();
            DhtKey indexKey = RecordKeys.history(me.storageKey(), peer);
            int rewritten = (int) fresh.stream().filter(r -> r.getSeq() == seq).count();
            return DurablePut.put(
                            dht,
                            PrivateRecords.seal(
                                    me,
                                    indexKey,
                                    RecordTypes.HISTORY,
                                    HistoryRecords.INDEX_SLOT,
                                    seq,
                                    indexPlain,
                                    random))
                    .thenApply(stored -> rewritten);
        });
    }

    private CompletableFuture<Void> appendAll(Account me, String peer, List<StoredMessage> fresh) {
        if (fresh.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return records.index(me, peer)
                .thenCompose(index -> openChunk(me, peer, index)
                        .thenComposeAsync(open -> appendOnce(me, peer, index, open, fresh), worker))
                .thenCompose(consumed -> {
                    if (consumed <= 0) { // cannot happen with chunks that hold a 16 KiB text twice over
                        throw new IllegalStateException("a history append made no progress");
                    }
                    return appendAll(me, peer, fresh.subList(consumed, fresh.size()));
                });
    }

    /** One append of at most {@value #CHUNKS_PER_APPEND} chunks; returns how many fresh messages it took. */
    private CompletableFuture<Integer> appendOnce(
            Account me, String peer, Index index, Optional<Chunk> open, List<StoredMessage> fresh) {
        List<StoredMessage> all = new ArrayList<>(open.map(Chunk::messages).orElse(List.of()));
        int before = all.size();
        all.addAll(fresh);
        List<HistoryChunk> chunks = HistoryCodec.split(all);
        if (chunks.size() > CHUNKS_PER_APPEND) {
            chunks = chunks.subList(0, CHUNKS_PER_APPEND);
        }
        int taken = chunks.stream().mapToInt(HistoryChunk::getMessagesCount).sum() - before;
        List<ChunkRef> refs = new ArrayList<>(index.refs());
        if (open.isPresent()) {
            refs.remove(refs.size() - 1); // rewritten below with the new messages
        }
        long seq = Math.max(index.seq() + 1, clock.now().toEpochMilli());
        List<Integer> positions = freePositions(index.refs(), chunks.size());
        List<CompletableFuture<?>> puts = new ArrayList<>();
        Chunk last = null;
        for (int i = 0; i < chunks.size(); i++) {
            byte[] plain = chunks.get(i).toByteArray();
            int position = positions.get(i);
            DhtKey key = RecordKeys.historyChunk(me.storageKey(), peer, position);
            puts.add(DurablePut.put(
                    dht,
                    PrivateRecords.seal(me, key, RecordTypes.HISTORY, HistoryRecords.CHUNK_SLOT, seq, plain, random)));
            ByteString digest = ByteString.copyFrom(Sha256.digest(plain));
            refs.add(ChunkRef.newBuilder()
                    .setPosition(position)
                    .setSeq(seq)
                    .setDigest(digest)
                    .setCount(chunks.get(i).getMessagesCount())
                    .build());
            last = new Chunk(digest, chunks.get(i).getMessagesList(), plain.length);
        }
        List<ChunkRef> kept = refs.subList(Math.max(0, refs.size() - retention), refs.size());
        DhtKey indexKey = RecordKeys.history(me.storageKey(), peer);
        byte[] indexPlain = HistoryIndex.newBuilder().addAllChunks(kept).build().toByteArray();
        Chunk written = last;
        return CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new))
                .thenCompose(done -> DurablePut.put(
                        dht,
                        PrivateRecords.seal(
                                me, indexKey, RecordTypes.HISTORY, HistoryRecords.INDEX_SLOT, seq, indexPlain, random)))
                .thenApply(done -> {
                    lastWritten.put(indexKey, written);
                    return taken;
                });
    }

    /** {@code count} positions no ref names, going round the ring after the newest one. */
    private List<Integer> freePositions(List<ChunkRef> refs, int count) {
        int ring = retention + CHUNKS_PER_APPEND;
        Set<Integer> used = new HashSet<>();
        refs.forEach(r -> used.add(r.getPosition()));
        int start = refs.isEmpty() ? 0 : refs.get(refs.size() - 1).getPosition() + 1;
        List<Integer> free = new ArrayList<>(count);
        for (int i = 0; i < ring && free.size() < count; i++) {
            int p = (start + i) % ring;
            if (!used.contains(p)) {
                free.add(p);
            }
        }
        return free;
    }

    /** The last chunk when it has room for more, read from the DHT unless this store wrote it. */
    private CompletableFuture<Optional<Chunk>> openChunk(Account me, String peer, Index index) {
        if (index.refs().isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        ChunkRef last = index.refs().get(index.refs().size() - 1);
        Chunk cached = lastWritten.get(RecordKeys.history(me.storageKey(), peer));
        CompletableFuture<Optional<Chunk>> chunk =
                cached != null && cached.digest().equals(last.getDigest())
                        ? CompletableFuture.completedFuture(Optional.of(cached))
                        : records.chunk(me, peer, last);
        return chunk.thenApply(c -> c.filter(x -> x.bytes() < HistoryCodec.CHUNK_BYTES * 3 / 4));
    }
}
