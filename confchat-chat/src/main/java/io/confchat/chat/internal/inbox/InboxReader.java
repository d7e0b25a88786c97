package io.confchat.chat.internal.inbox;

import com.google.protobuf.ByteString;
import io.confchat.api.Dht;
import io.confchat.api.SignedRecord;
import io.confchat.api.chat.ChatMessage;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.proto.AckedItem;
import io.confchat.chat.internal.proto.InboxAck;
import io.confchat.chat.internal.records.DurablePut;
import io.confchat.chat.internal.records.Payloads;
import io.confchat.chat.internal.records.RecordKeys;
import io.confchat.chat.internal.records.RecordTypes;
import io.confchat.dht.time.Scheduler;
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
 * The recipient's side of the inbox: fetches every item under the user's inbox key, opens and
 * checks each ({@link InboxSeal#open}), checks that the claimed sender's user record has the
 * signing key (an envelope signed by X claiming to be Y is dropped), hands on each message not
 * seen before, and acknowledges every item it found, genuine or not, with one signed {@code
 * inbox-ack} record: storing nodes then delete the items and refuse them from then on.
 */
public final class InboxReader {
    private final Dht dht;
    private final Scheduler clock;
    private final Function<String, CompletableFuture<Optional<UserKeys>>> lookup;

    /** @param lookup finds a user's public keys by name */
    public InboxReader(Dht dht, Scheduler clock, Function<String, CompletableFuture<Optional<UserKeys>>> lookup) {
        this.dht = dht;
        this.clock = clock;
        this.lookup = lookup;
    }

    /**
     * Fetches and acknowledges the inbox.
     *
     * @param known true for messages already delivered to the user on this device (they are
     *     acknowledged again but not returned); items the user's newest acknowledgement names are
     *     not returned either
     * @return the new genuine messages with their senders' keys, oldest first (the same id from
     *     two senders is two messages: a message is named by its sender and its id)
     */
    public CompletableFuture<List<Arrival>> fetch(Account me, Predicate<InboxSeal.Opened> known) {
        return dht.get(RecordKeys.inbox(me.identity().publicKey())).thenCompose(records -> {
            List<SignedRecord> items = new ArrayList<>();
            SignedRecord previousAck = null;
            for (SignedRecord r : records) {
                if (r.type().equals(RecordTypes.INBOX)) {
                    items.add(r);
                } else if (r.type().equals(RecordTypes.INBOX_ACK)
                        && r.isOwnedBy(me.identity().publicKey())) {
                    previousAck = r;
                }
            }
            if (items.isEmpty()) {
                return CompletableFuture.completedFuture(List.<Arrival>of());
            }
            List<InboxSeal.Opened> opened = new ArrayList<>();
            for (SignedRecord item : items) {
                if (previousAck != null && Payloads.acknowledges(previousAck, item)) {
                    continue; // delivered before (maybe on another device); a node that missed the ack still serves it
                }
                InboxSeal.open(me, item).filter(known.negate()).ifPresent(opened::add);
            }
            SignedRecord ack = acknowledgement(me, previousAck, items);
            return verifySenders(opened)
                    .thenCompose(genuine -> DurablePut.put(dht, ack)
                            .handle((stored, error) -> genuine)); // unacknowledged items are fetched again later
        });
    }

    /** Keeps the messages whose claimed sender's user record has the key that signed them. */
    private CompletableFuture<List<Arrival>> verifySenders(List<InboxSeal.Opened> opened) {
        Map<String, CompletableFuture<Optional<UserKeys>>> senders = new HashMap<>();
        for (InboxSeal.Opened o : opened) {
            senders.computeIfAbsent(o.message().from(), lookup);
        }
        return CompletableFuture.allOf(senders.values().toArray(CompletableFuture[]::new))
                .thenApply(done -> {
                    List<Arrival> out = new ArrayList<>();
                    for (InboxSeal.Opened o : opened) {
                        Optional<UserKeys> sender =
                                senders.get(o.message().from()).join();
                        if (sender.isPresent() && sender.get().hasIdentity(o.senderIdentityKey())) {
                            out.add(new Arrival(o.message(), sender.get()));
                        }
                    }
                    out.sort(Comparator.comparing(a -> a.message().sentAt()));
                    return out;
                });
    }

    /**
     * The next acknowledgement: the previous one's entries younger than the inbox ttl, plus every
     * item found now; at most {@link Payloads#MAX_ACKED_ITEMS}, the newest kept.
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

    /** A genuine message from the inbox, with the keys of the sender's user record. */
    public record Arrival(ChatMessage message, UserKeys sender) {}
}
