package io.confchat.chat.internal.history;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.confchat.api.Dht;
import io.confchat.api.DhtKey;
import io.confchat.api.LookupOptions;
import io.confchat.api.PutFailedException;
import io.confchat.api.PutResult;
import io.confchat.api.RecordRejectedException;
import io.confchat.api.RejectionReason;
import io.confchat.api.ReplicaAnswer;
import io.confchat.api.SignedRecord;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.proto.ChatEntry;
import io.confchat.chat.internal.proto.ChatList;
import io.confchat.chat.internal.proto.GroupEntry;
import io.confchat.chat.internal.records.DurablePut;
import io.confchat.chat.internal.records.RecordKeys;
import io.confchat.chat.internal.records.RecordTypes;
import io.confchat.dht.time.Scheduler;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The user's chat list: one encrypted record under a key only the user can derive, holding each
 * peer with the identity key pinned at first contact, the last activity and the unread count, and
 * each group chat of the user with its standing, last activity and unread count ({@link
 * GroupEntries}).
 * Reading merges the version every replica holds ({@link ChatListMerge}), so the writes of two
 * devices at once both land: each writes the merge of all it read plus its change, with a
 * sequence number above all of them. A change whose write failed is kept and goes out with the
 * next update. Updates run one at a time, each reading the newest versions first.
 */
public final class ChatListStore {
    private final Dht dht;
    private final SecureRandom random;
    private final Scheduler clock;
    /** Most writes of one update, when other writers keep getting in first. */
    static final int ATTEMPTS = 4;

    private final FutureQueue updates = new FutureQueue();
    /** Per chat-list key, the list of a write that failed, merged into the next one. */
    private final Map<DhtKey, Lists> unwritten = new ConcurrentHashMap<>();

    public ChatListStore(Dht dht, SecureRandom random, Scheduler clock) {
        this.dht = dht;
        this.random = random;
        this.clock = clock;
    }

    /** The chat list by peer name (empty if the user has none yet). */
    public CompletableFuture<Map<String, ChatEntry>> read(Account me) {
        return readLists(me).thenApply(Lists::chats);
    }

    /** The whole chat list: the 1:1 chats by peer name and the group chats by group id (hex). */
    public CompletableFuture<Lists> readLists(Account me) {
        return load(me).thenApply(loaded -> withUnwritten(me, loaded.lists()));
    }

    /** A chat list: 1:1 chats by peer name, group chats by the hex of their id. */
    public record Lists(Map<String, ChatEntry> chats, Map<String, GroupEntry> groups) {
        public Lists {
            chats = new LinkedHashMap<>(chats);
            groups = new LinkedHashMap<>(groups);
        }

        static final Lists EMPTY = new Lists(Map.of(), Map.of());

        static Lists merge(List<Lists> versions) {
            return new Lists(
                    ChatListMerge.merge(versions.stream().map(Lists::chats).toList()),
                    GroupEntries.merge(versions.stream().map(Lists::groups).toList()));
        }
    }

    /**
     * Applies {@code change} to the newest list and stores the result. A write refused because
     * another writer got its version in first is done again on the versions read anew (at most
     * {@link #ATTEMPTS} times in all).
     */
    public CompletableFuture<Map<String, ChatEntry>> update(Account me, UnaryOperator<Map<String, ChatEntry>> change) {
        return updates.enqueue(() -> attempt(me, l -> new Lists(change.apply(l.chats()), l.groups()), 1, null))
                .thenApply(Lists::chats);
    }

    /** As {@link #update}, for the group chats (by the hex of their id); kept within {@link GroupEntries}' bounds. */
    public CompletableFuture<Map<String, GroupEntry>> updateGroups(
            Account me, UnaryOperator<Map<String, GroupEntry>> change) {
        return updates.enqueue(() -> attempt(me, l -> new Lists(l.chats(), change.apply(l.groups())), 1, null))
                .thenApply(Lists::groups);
    }

    /**
     * Keeps the list alive (records live a year from their last put): written again when a
     * version read was written before {@code cutoff}.
     */
    public CompletableFuture<Void> refresh(Account me, Instant cutoff) {
        return updates.enqueue(
                () -> attempt(me, UnaryOperator.identity(), 1, cutoff).thenApply(x -> null));
    }

    private CompletableFuture<Lists> attempt(
            Account me, UnaryOperator<Lists> change, int attempt, Instant refreshBefore) {
        return load(me).thenCompose(loaded -> {
            Lists applied = change.apply(withUnwritten(me, loaded.lists()));
            Lists changed = new Lists(
                    applied.chats(),
                    GroupEntries.bounded(applied.groups(), clock.now().toEpochMilli()));
            boolean old =
                    refreshBefore != null && loaded.seq() != 0 && loaded.writtenAt() < refreshBefore.toEpochMilli();
            if (changed.equals(loaded.lists()) && loaded.converged() && !old) {
                return CompletableFuture.completedFuture(changed);
            }
            byte[] plain = ChatList.newBuilder()
                    .addAllChats(changed.chats().values())
                    .addAllGroups(changed.groups().values())
                    .setWrittenAtMillis(clock.now().toEpochMilli())
                    .build()
                    .toByteArray();
            SignedRecord record =
                    PrivateRecords.seal(me, key(me), RecordTypes.CHATS, new byte[0], loaded.seq() + 1, plain, random);
            return DurablePut.put(dht, record)
                    .handle((stored, error) -> {
                        if (error == null) {
                            unwritten.remove(key(me), changed);
                            return CompletableFuture.completedFuture(changed);
                        }
                        unwritten.put(key(me), changed);
                        if (attempt < ATTEMPTS && overtaken(error)) {
                            return attempt(me, change, attempt + 1, refreshBefore);
                        }
                        return CompletableFuture.<Lists>failedFuture(error);
                    })
                    .thenCompose(f -> f);
        });
    }

    /** True when storing nodes refused the write because they hold a version as new. */
    private static boolean overtaken(Throwable error) {
        Throwable cause = error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error;
        if (cause instanceof RecordRejectedException refused) {
            return refused.reason() == RejectionReason.STALE_SEQUENCE;
        }
        PutResult result = cause instanceof PutFailedException p ? p.result() : null;
        return result != null && result.refusals().stream().anyMatch(r -> r.reason() == RejectionReason.STALE_SEQUENCE);
    }

    private Lists withUnwritten(Account me, Lists loaded) {
        Lists pending = unwritten.get(key(me));
        return pending == null ? new Lists(loaded.chats(), loaded.groups()) : Lists.merge(List.of(loaded, pending));
    }

    /**
     * Records activity with {@code peer}: pins its identity key at first contact (a later,
     * different key is reported and the pin kept), moves the last activity to {@code now}, and
     * clears or adds to the unread count.
     *
     * @return how the peer's key compared with the pin
     */
    public CompletableFuture<PinCheck> record(Account me, UserKeys peer, Instant now, ChatActivity activity) {
        PinCheck[] check = {PinCheck.SAME};
        return update(me, entries -> {
                    ChatEntry entry = entries.get(peer.username());
                    ChatEntry.Builder updated = entry == null
                            ? ChatEntry.newBuilder()
                                    .setPeer(peer.username())
                                    .setPinnedIdentityKey(ByteString.copyFrom(peer.identityKey()))
                                    .setPinnedAtMillis(now.toEpochMilli())
                            : entry.toBuilder();
                    if (entry == null) {
                        check[0] = PinCheck.PINNED_NOW;
                    } else if (!peer.hasIdentity(entry.getPinnedIdentityKey().toByteArray())) {
                        check[0] = PinCheck.CHANGED;
                    }
                    updated.setLastActivityMillis(Math.max(updated.getLastActivityMillis(), now.toEpochMilli()));
                    if (activity instanceof ChatActivity.Opened) {
                        updated.setUnread(0)
                                .setLastReadMillis(Math.max(updated.getLastReadMillis(), now.toEpochMilli()));
                    } else if (activity instanceof ChatActivity.Unread u) {
                        updated.setUnread(updated.getUnread() + u.messages());
                    }
                    entries.put(peer.username(), updated.build());
                    return entries;
                })
                .thenApply(entries -> check[0]);
    }

    /** Pins {@code peer}'s key at {@code now}, in place of any pin before. */
    public CompletableFuture<Map<String, ChatEntry>> pin(Account me, UserKeys peer, Instant now) {
        return update(me, entries -> {
            ChatEntry e = entries.get(peer.username());
            ChatEntry.Builder b = e == null ? ChatEntry.newBuilder().setPeer(peer.username()) : e.toBuilder();
            entries.put(
                    peer.username(),
                    b.setPinnedIdentityKey(ByteString.copyFrom(peer.identityKey()))
                            .setPinnedAtMillis(now.toEpochMilli())
                            .build());
            return entries;
        });
    }

    /** Every version the key's replicas hold, merged; the highest sequence number among them. */
    private CompletableFuture<Loaded> load(Account me) {
        return dht.answers(key(me), LookupOptions.standard()).thenApply(answers -> {
            long seq = 0;
            long writtenAt = Long.MAX_VALUE;
            Set<ByteBuffer> seen = new HashSet<>();
            List<Lists> versions = new ArrayList<>();
            for (ReplicaAnswer answer : answers) {
                for (SignedRecord r : answer.records()) {
                    if (!r.type().equals(RecordTypes.CHATS) || !seen.add(ByteBuffer.wrap(r.signature()))) {
                        continue;
                    }
                    Optional<ChatList> version = PrivateRecords.open(me, r).flatMap(ChatListStore::parse);
                    if (version.isPresent()) {
                        versions.add(new Lists(
                                entries(version.get()),
                                GroupEntries.valid(version.get().getGroupsList())));
                        writtenAt = Math.min(writtenAt, version.get().getWrittenAtMillis());
                        seq = Long.compareUnsigned(r.seq(), seq) > 0 ? r.seq() : seq;
                    }
                }
            }
            boolean converged = versions.stream().distinct().count() <= 1;
            return new Loaded(seq, versions.isEmpty() ? Lists.EMPTY : Lists.merge(versions), converged, writtenAt);
        });
    }

    private static Optional<ChatList> parse(byte[] plain) {
        try {
            return Optional.of(ChatList.parseFrom(plain));
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
    }

    private static Map<String, ChatEntry> entries(ChatList list) {
        Map<String, ChatEntry> entries = new LinkedHashMap<>();
        for (ChatEntry e : list.getChatsList()) {
            entries.put(e.getPeer(), e);
        }
        return entries;
    }

    private static DhtKey key(Account me) {
        return RecordKeys.chats(me.storageKey());
    }

    /**
     * @param converged true when every replica held the same list (nothing to heal)
     * @param writtenAt when the oldest version read was written (0 for lists from before that
     *     was recorded)
     */
    private record Loaded(long seq, Lists lists, boolean converged, long writtenAt) {}
}
