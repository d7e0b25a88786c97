package io.confchat.chat.internal.group;

import io.confchat.api.SignedRecord;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.GroupDelivery;
import io.confchat.api.chat.GroupId;
import io.confchat.api.chat.GroupMessage;
import io.confchat.api.chat.MessageId;
import io.confchat.chat.internal.account.Account;
import io.confchat.dht.time.Scheduler;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sending to a group (docs/architecture.md#group-chats): seal with this member's chain, make the
 * chain's new position durable, hand the chain to members who lack it, store the message's one
 * copy in the DHT, fan it out live, and report delivery per member ({@link GroupDeliveries}) as
 * receipts come. Thread-safe: held groups are used under {@link HeldGroups}' lock.
 */
final class GroupSending {
    private final HeldGroups held;
    private final ControlFanOut control;
    private final GroupLinks links;
    private final byte[] self;
    private final String selfName;
    private final SecureRandom random;
    private final Scheduler clock;
    private final GroupDeliveries deliveries;
    private final StoredCopies copies;

    /** @param ackTimeout how long a live send waits for receipts before it reports members QUEUED */
    GroupSending(
            HeldGroups held,
            ControlFanOut control,
            GroupLinks links,
            Account me,
            SecureRandom random,
            Scheduler clock,
            Duration ackTimeout,
            GroupArchive archive) {
        this.held = held;
        this.control = control;
        this.links = links;
        this.self = me.identity().publicKey();
        this.selfName = me.username();
        this.random = random;
        this.clock = clock;
        this.deliveries = new GroupDeliveries(clock, ackTimeout);
        this.copies = new StoredCopies(archive);
    }

    /** Seals {@code text}, stores its one copy, fans it out live; see {@link GroupDeliveries}. */
    CompletableFuture<GroupDelivery> send(GroupId id, String text) {
        ChatMessage.checkText(text);
        HeldGroup g = held.group(id);
        MessageId messageId = MessageId.random(random);
        Instant at = Instant.ofEpochMilli(clock.now().toEpochMilli());
        GroupKeys.Sent sent;
        SignedRecord copy;
        List<GroupMember> others;
        synchronized (held) {
            if (!g.joined()) {
                throw new IllegalStateException(
                        g.keys().isMember() ? "join the group first" : "not a member of the group");
            }
            sent = g.keys().seal(new GroupText(messageId, at.toEpochMilli(), text));
            copy = g.keys().storedCopy(sent.message()); // signed by this chain, before a rekey replaces it
            // the chain's new position is durable before anything sealed with the old one leaves
            // the process: a restart never seals two messages under one key (nonce reuse)
            if (sent.distributionsFirst().isEmpty()) {
                held.keepPosition(g, sent.message().chainId());
            } else {
                held.keep(g); // a full chain was replaced: a new chain, not a position
            }
            others = g.keys().state().members().stream()
                    .filter(m -> !m.hasKey(self))
                    .toList();
        }
        GroupMessage message = new GroupMessage(id, messageId, selfName, at, text, false);
        SealedGroupMessage sealed = sent.message();
        return control.handOver(g.headRecord(), sent.distributionsFirst())
                // a copy whose put fails is put again later (same bytes); the live fan-out goes on
                .thenCompose(x -> copies.store(copy))
                .thenCompose(stored -> {
                    links.sent(message);
                    byte[] envelope = GroupEnvelopes.message(sealed);
                    CompletableFuture<GroupDelivery> delivery = deliveries.await(
                            message,
                            sealed.chainId(),
                            sealed.iteration(),
                            others.stream().map(GroupMember::username).toList());
                    for (GroupMember m : others) {
                        links.reach(m.username(), m.identityKey(), envelope).handle((live, e) -> {
                            if (live == null || !live) {
                                deliveries.queued(sealed.chainId(), sealed.iteration(), m.username());
                            }
                            return null;
                        });
                    }
                    return delivery;
                })
                .whenComplete((d, error) -> {
                    if (d != null) {
                        links.delivered(d);
                    }
                });
    }

    /** Puts again the copies of sent messages whose put failed (at each catch-up round). */
    CompletableFuture<Void> storeAgain() {
        return copies.storeAgain();
    }

    /** A member's receipt for a message this user sent. */
    void receipt(byte[] chainId, int iteration, String member) {
        deliveries.receipt(chainId, iteration, member);
    }
}
