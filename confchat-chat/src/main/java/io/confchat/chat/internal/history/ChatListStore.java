package io.confchat.chat.internal.history;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.confchat.api.Dht;
import io.confchat.api.DhtKey;
import io.confchat.api.SignedRecord;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.proto.ChatEntry;
import io.confchat.chat.internal.proto.ChatList;
import io.confchat.chat.internal.records.DurablePut;
import io.confchat.chat.internal.records.RecordKeys;
import io.confchat.chat.internal.records.RecordTypes;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * The user's chat list: one encrypted record under a key only the user can derive, holding each
 * peer with the identity key pinned at first contact, the last activity and the unread count.
 * Updates run one at a time, each reading the newest list first.
 */
public final class ChatListStore {
    private final Dht dht;
    private final SecureRandom random;
    private final FutureQueue updates = new FutureQueue();

    public ChatListStore(Dht dht, SecureRandom random) {
        this.dht = dht;
        this.random = random;
    }

    /** The chat list by peer name (empty if the user has none yet). */
    public CompletableFuture<Map<String, ChatEntry>> read(Account me) {
        return load(me).thenApply(Loaded::entries);
    }

    /** Applies {@code change} to the newest list and stores the result. */
    public CompletableFuture<Map<String, ChatEntry>> update(Account me, UnaryOperator<Map<String, ChatEntry>> change) {
        return updates.enqueue(() -> load(me).thenCompose(loaded -> {
            Map<String, ChatEntry> changed = change.apply(new LinkedHashMap<>(loaded.entries));
            if (changed.equals(loaded.entries)) {
                return CompletableFuture.completedFuture(changed);
            }
            byte[] plain =
                    ChatList.newBuilder().addAllChats(changed.values()).build().toByteArray();
            SignedRecord record =
                    PrivateRecords.seal(me, key(me), RecordTypes.CHATS, new byte[0], loaded.seq + 1, plain, random);
            return DurablePut.put(dht, record).thenApply(stored -> changed);
        }));
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
                            : entry.toBuilder();
                    if (entry == null) {
                        check[0] = PinCheck.PINNED_NOW;
                    } else if (!peer.hasIdentity(entry.getPinnedIdentityKey().toByteArray())) {
                        check[0] = PinCheck.CHANGED;
                    }
                    updated.setLastActivityMillis(Math.max(updated.getLastActivityMillis(), now.toEpochMilli()));
                    if (activity instanceof ChatActivity.Opened) {
                        updated.setUnread(0);
                    } else if (activity instanceof ChatActivity.Unread u) {
                        updated.setUnread(updated.getUnread() + u.messages());
                    }
                    entries.put(peer.username(), updated.build());
                    return entries;
                })
                .thenApply(entries -> check[0]);
    }

    private CompletableFuture<Loaded> load(Account me) {
        return dht.get(key(me)).thenApply(records -> {
            SignedRecord newest = null;
            byte[] plain = null;
            for (SignedRecord r : records) {
                Optional<byte[]> opened =
                        r.type().equals(RecordTypes.CHATS) ? PrivateRecords.open(me, r) : Optional.empty();
                if (opened.isPresent() && (newest == null || Long.compareUnsigned(r.seq(), newest.seq()) > 0)) {
                    newest = r;
                    plain = opened.get();
                }
            }
            Map<String, ChatEntry> entries = new LinkedHashMap<>();
            if (newest == null) {
                return new Loaded(0, entries);
            }
            try {
                for (ChatEntry e : ChatList.parseFrom(plain).getChatsList()) {
                    entries.put(e.getPeer(), e);
                }
            } catch (InvalidProtocolBufferException e) {
                entries.clear();
            }
            return new Loaded(newest.seq(), entries);
        });
    }

    private static DhtKey key(Account me) {
        return RecordKeys.chats(me.storageKey());
    }

    private record Loaded(long seq, Map<String, ChatEntry> entries) {}
}
