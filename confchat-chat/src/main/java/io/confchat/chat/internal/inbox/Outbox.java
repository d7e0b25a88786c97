package io.confchat.chat.internal.inbox;

import io.confchat.api.Dht;
import io.confchat.api.DhtKey;
import io.confchat.api.SignedRecord;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.Delivery;
import io.confchat.api.chat.DeliveryState;
import io.confchat.api.chat.MessageId;
import io.confchat.api.chat.PeerUnreachableException;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.records.DurablePut;
import io.confchat.chat.internal.records.Payloads;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The sender's side of the inbox: stores each offline message in the recipient's inbox and, at
 * every {@link #poll}, either learns from the recipient's acknowledgement that it was delivered
 * or puts it again (which extends its life at the storing nodes and restores it where it was
 * lost). Pending messages live as long as the login. Thread-safe.
 */
public final class Outbox {
    private final Dht dht;
    private final Consumer<Delivery> onDelivered;
    private final SecureRandom random;
    private final Map<MessageId, Pending> pending = new ConcurrentHashMap<>();

    /** @param random for each item's HPKE ephemeral key (the client's) */
    public Outbox(Dht dht, SecureRandom random, Consumer<Delivery> onDelivered) {
        this.dht = dht;
        this.random = random;
        this.onDelivered = onDelivered;
    }

    /**
     * Stores {@code message} in {@code recipient}'s inbox: on at least two nodes when the network
     * has more than one, so the copy does not rest on this node alone.
     *
     * @return completes when stored; fails with {@link PeerUnreachableException} if it could not be
     */
    public CompletableFuture<Delivery> send(Account sender, UserKeys recipient, ChatMessage message) {
        SignedRecord record = InboxSeal.seal(sender, recipient, message, random);
        return DurablePut.put(dht, record).handle((result, error) -> {
            if (error != null) {
                throw new PeerUnreachableException(
                        recipient.username() + " is offline and the message could not be stored for later"
                                + " delivery; check the network connection and send it again",
                        error);
            }
            pending.put(message.id(), new Pending(message.id(), Optional.of(message), record));
            return new Delivery(message, DeliveryState.QUEUED);
        });
    }

    /**
     * Stores a group envelope in {@code recipient}'s inbox (a control item: membership and sender
     * key), put again at every {@link #poll} until acknowledged, like a text; no {@link Delivery}
     * is reported for it.
     *
     * A control item's chain reaches the member in no other way, so one whose first put failed (a
     * loaded network: fewer than two nodes stored it) is pending all the same, and put again at
     * every {@link #poll} until acknowledged.
     *
     * @param carrier the item's id and time (its text is not sent)
     * @return completes when stored; fails with {@link PeerUnreachableException} if it could not be
     *     stored now (it is put again at the next poll)
     */
    public CompletableFuture<Void> sendGroup(Account sender, UserKeys recipient, ChatMessage carrier, byte[] envelope) {
        SignedRecord record = InboxSeal.sealGroup(sender, recipient, carrier, envelope, random);
        pending.put(carrier.id(), new Pending(carrier.id(), Optional.empty(), record));
        return DurablePut.put(dht, record).handle((result, error) -> {
            if (error != null) {
                throw new PeerUnreachableException(
                        "a group update for " + recipient.username()
                                + " could not be stored now; it is put again at the next poll",
                        error);
            }
            return null;
        });
    }

    /** Checks every recipient's inbox for acknowledgements; re-puts what is still unacknowledged. */
    public CompletableFuture<Void> poll() {
        Map<DhtKey, List<Pending>> byInbox = new HashMap<>();
        for (Pending p : pending.values()) {
            byInbox.computeIfAbsent(p.record.key(), k -> new ArrayList<>()).add(p);
        }
        List<CompletableFuture<?>> checks = new ArrayList<>();
        for (List<Pending> waiting : byInbox.values()) {
            checks.add(dht.get(waiting.get(0).record.key()).thenCompose(records -> settle(waiting, records)));
        }
        return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).handle((done, error) -> null);
    }

    private CompletableFuture<Void> settle(List<Pending> waiting, List<SignedRecord> records) {
        List<CompletableFuture<?>> reputs = new ArrayList<>();
        for (Pending p : waiting) {
            if (acknowledged(p.record, records)) {
                if (pending.remove(p.id) != null) {
                    p.text.ifPresent(m -> onDelivered.accept(new Delivery(m, DeliveryState.DELIVERED)));
                }
            } else {
                reputs.add(dht.put(p.record));
            }
        }
        return CompletableFuture.allOf(reputs.toArray(CompletableFuture[]::new));
    }

    /** True when the inbox's owner (whose key names the inbox) acknowledged {@code item}. */
    private static boolean acknowledged(SignedRecord item, List<SignedRecord> records) {
        return records.stream().anyMatch(r -> Payloads.acknowledges(r, item));
    }

    /**
     * The recipient took the item {@code id} another way (a group control item receipted live after
     * the sender had given up waiting and put it in the inbox): it is not put again. Its copy in the
     * inbox is read once more and acknowledged as usual. No {@link Delivery} is reported.
     */
    public void takenElsewhere(MessageId id) {
        pending.remove(id);
    }

    /** Number of messages not yet acknowledged. */
    public int pendingCount() {
        return pending.size();
    }

    /** Forgets every pending message (at logout); they stay in the DHT until their ttl. */
    public void clear() {
        pending.clear();
    }

    /** An item waiting for its acknowledgement: a text (reported when delivered) or a group item. */
    private record Pending(MessageId id, Optional<ChatMessage> text, SignedRecord record) {}
}
