package io.confchat.chat.internal.inbox;

import com.google.protobuf.ByteString;
import io.confchat.api.Dht;
import io.confchat.api.LookupOptions;
import io.confchat.api.SignedRecord;
import io.confchat.api.chat.ChatMessage;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.account.Resolution;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.proto.AckedItem;
import io.confchat.chat.internal.proto.InboxAck;
import io.confchat.chat.internal.records.DurablePut;
import io.confchat.chat.internal.records.Payloads;
import io.confchat.chat.internal.records.RecordKeys;
import io.confchat.chat.internal.records.RecordTypes;
import io.confchat.dht.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The recipient's side of the inbox, in two steps so that nothing is acknowledged before it is
 * safe. {@link #read} fetches every item under the user's inbox key (over disjoint lookup paths),
 * opens and checks each ({@link InboxSeal#open}), and checks that the claimed sender's user record
 * (as the majority of its replicas has it) holds the signing key: an envelope signed by X claiming
 * to be Y is garbage. {@link #acknowledge} then writes one signed {@code inbox-ack} record naming
 * the items the caller is done with (shown and saved), the known ones and the garbage; storing
 * nodes delete them and refuse them from then on. Items whose sender could not be looked up now,
 * items signed by a rival claimant of a contested name (another account of that name: shown under
 * the name it would appear under someone else's, deleted it would be lost), and items the caller
 * could not save stay and are read again. Thread-safe.
 */
public final class InboxReader {
    /**
     * Oldest message the inbox delivers, by the time its sender signed: twice an item's life at
     * the storing nodes. An older one is a replay of an item acknowledged long ago (out of the
     * acknowledgement's window and, unless it is that old, still in the history or the device's
     * memory of what it showed): settled, not shown.
     */
    public static final Duration MAX_AGE = RecordTypes.INBOX_TTL.multipliedBy(2);

    private final Dht dht;
    private final Scheduler clock;
    private final Function<String, CompletableFuture<Resolution>> resolve;

    /** @param resolve finds who owns a name, as the name's replicas say */
    public InboxReader(Dht dht, Scheduler clock, Function<String, CompletableFuture<Resolution>> resolve) {
        this.dht = dht;
        this.clock = clock;
        this.resolve = resolve;
    }

    /**
     * Reads the inbox.
     *
     * @param known true for messages this device already showed (they are settled, not returned)
     */
    public CompletableFuture<Batch> read(Account me, Predicate<InboxSeal.Opened> known) {
        byte[] mine = me.identity().publicKey();
        return dht.get(RecordKeys.inbox(mine), LookupOptions.sensitive()).thenCompose(records -> {
            List<SignedRecord> items = new ArrayList<>();
            SignedRecord previousAck = null;
            for (SignedRecord r : records) {
                if (r.type().equals(RecordTypes.INBOX)) {
                    items.add(r);
                } else if (r.type().equals(RecordTypes.INBOX_ACK) && r.isOwnedBy(mine)) {
                    previousAck = r;
                }
            }
            List<SignedRecord> settled = new ArrayList<>();
            List<InboxSeal.Opened> opened = new ArrayList<>();
            List<SignedRecord> openedItems = new ArrayList<>();
            for (SignedRecord item : items) {
                if (previousAck != null && Payloads.acknowledges(previousAck, item)) {
                    continue; // delivered before; a node that missed the acknowledgement still serves it
                }
                Optional<InboxSeal.Opened> o = InboxSeal.open(me, item);
                if (o.isEmpty()
                        || known.test(o.get())
                        || o.get().message().sentAt().isBefore(clock.now().minus(MAX_AGE))) {
                    settled.add(item); // garbage (not for us, tampered), shown already, or a replay
                } else {
                    opened.add(o.get());
                    openedItems.add(item);
                }
            }
            SignedRecord ack = previousAck;
            return verifySenders(opened, openedItems, settled).thenApply(arrivals -> new Batch(arrivals, settled, ack));
        });
    }

    /**
     * Keeps the messages whose claimed sender's user record has the key that signed them; forged
     * ones are settled (garbage); those whose sender could not be looked up or confirmed now (too
     * few replicas answered or vouch for one owner), or that a rival claimant of the sender's name
     * signed, are left.
     */
    private CompletableFuture<List<Arrival>> verifySenders(
            List<InboxSeal.Opened> opened, List<SignedRecord> items, List<SignedRecord> settled) {
        Map<String, CompletableFuture<Resolution>> senders = new HashMap<>();
        for (InboxSeal.Opened o : opened) {
            senders.computeIfAbsent(
                    o.message().from(), name -> resolve.apply(name).exceptionally(error -> null));
        }
        return CompletableFuture.allOf(senders.values().toArray(CompletableFuture[]::new))
                .thenApply(done -> {
                    List<Arrival> out = new ArrayList<>();
                    for (int i = 0; i < opened.size(); i++) {
                        InboxSeal.Opened o = opened.get(i);
                        Resolution names = senders.get(o.message().from()).join();
                        if (names == null || names.isUnconfirmed()) {
                            continue; // lookup failed, or too few replicas vouch: read again next time
                        }
                        Optional<UserKeys> sender = names.owner();
                        if (sender.isPresent() && sender.get().hasIdentity(o.senderIdentityKey())) {
                            out.add(new Arrival(o.message(), sender.get(), items.get(i), o.group()));
                        } else if (!names.isClaimant(o.senderIdentityKey())) {
                            settled.add(items.get(i)); // signed by someone the name does not belong to
                        } // else a rival account of a contested name: left, neither shown nor deleted
                    }
                    out.sort(Comparator.comparing(a -> a.message().sentAt()));
                    return out;
                });
    }

    /**
     * Acknowledges the batch's settled items and the {@code done} ones; completes when the
     * acknowledgement is stored (or the put failed: the items are then read again).
     */
    public CompletableFuture<Void> acknowledge(Account me, Batch batch, List<Arrival> done) {
        List<SignedRecord> acked = new ArrayList<>(batch.settled());
        done.forEach(a -> acked.add(a.item()));
        if (acked.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return DurablePut.put(dht, acknowledgement(me, batch.previousAck(), acked))
                .handle((stored, error) -> null);
    }

    /**
     * The next acknowledgement: the previous one's entries younger than the inbox ttl, plus the
     * items given; at most {@link Payloads#MAX_ACKED_ITEMS}, the newest kept.
     */
    private SignedRecord acknowledgement(Account me, SignedRecord previous, List<SignedRecord> items) {
        Instant now = clock.now();
        long oldest = now.minus(RecordTypes.INBOX_TTL).toEpochMilli();
        List<AckedItem> acked = new ArrayList<>();
        if (previous != null) {
            Payloads.inboxAck(previous)
                    .ifPresent(a -> a.getItemsList().stream()
                            .filter(i -> i.getAckedAtMillis() >= oldest)
                            .filter(i -> items.stream().noneMatch(r -> Payloads.names(i, r)))
                            .forEach(acked::add));
        }
        for (SignedRecord r : items) {
            acked.add(AckedItem.newBuilder()
                    .setSenderIdentityKey(ByteString.copyFrom(r.ownerPublicKey()))
                    .setMessageId(ByteString.copyFrom(r.slot()))
                    .setAckedAtMillis(now.toEpochMilli())
                    .build());
        }
        List<AckedItem> newest = acked.size() > Payloads.MAX_ACKED_ITEMS
                ? acked.subList(acked.size() - Payloads.MAX_ACKED_ITEMS, acked.size())
                : acked;
        long seq = Math.max(now.toEpochMilli(), previous == null ? 1 : previous.seq() + 1);
        return me.signer()
                .sign(
                        RecordKeys.inbox(me.identity().publicKey()),
                        RecordTypes.INBOX_ACK,
                        Payloads.ACK_SLOT,
                        seq,
                        RecordTypes.INBOX_TTL.toSeconds(),
                        InboxAck.newBuilder().addAllItems(newest).build().toByteArray());
    }

    /**
     * One read of the inbox.
     *
     * @param arrivals the genuine new messages, oldest first
     * @param settled items to acknowledge as they are: shown already, or garbage
     * @param previousAck the user's newest acknowledgement, if any
     */
    public record Batch(List<Arrival> arrivals, List<SignedRecord> settled, SignedRecord previousAck) {}

    /**
     * A genuine message from the inbox, with the keys of the sender's user record and its item;
     * {@code group} is a group envelope when the item carries one (its message's text is empty).
     */
    public record Arrival(ChatMessage message, UserKeys sender, SignedRecord item, byte[] group) {
        /** True when the item carries a group envelope rather than a text. */
        public boolean isGroup() {
            return group.length > 0;
        }
    }
}
