package io.confchat.chat.internal.group;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Moves a held group along the branch of its membership that {@link ForkChoice} chose
 * (docs/architecture.md#group-chats, "Forks" and "Catch-up"): the next links one after the other
 * (each once its new members' names were verified against the record before it), or, for a member
 * on the losing branch of a fork, from the ancestor where the branches part ({@link
 * GroupMembership#switchTo}). Before a member's removal is applied, the messages it sent up to the
 * removal are read from its chain, which the removal drops: a member that was offline across the
 * removal shows them as those online did. Thread-safe.
 */
final class BranchFollower {
    /**
     * How far a removed member's message may claim to be sent after the record that removed it and
     * still be shown (the two times are the two signers' clocks).
     */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    /**
     * Up to when (millis, by the senders' clocks) the messages of a member that {@code removing}
     * removes are shown: the record's time, or this member's ({@code appliedAtMillis}) when that is
     * earlier, plus {@link #CLOCK_SKEW}. The record's time is its signer's word (a leaver signs its
     * own leave): dated ahead, it must not extend what the member it removes can still show.
     */
    static long shownUpTo(GroupState removing, long appliedAtMillis) {
        return Math.min(removing.issuedAtMillis(), appliedAtMillis) + CLOCK_SKEW.toMillis();
    }

    /** Reads the chains held of the given owners (by the hex of their identity keys). */
    interface LastMessages {
        /** Shows the messages of the owners' chains, each only if sent up to its owner's limit (millis). */
        CompletableFuture<Void> read(HeldGroup g, Map<String, Long> shownUpTo);
    }

    private final HeldGroups held;
    private final GroupMembership membership;
    private final LastMessages lastMessages;

    BranchFollower(HeldGroups held, GroupMembership membership, LastMessages lastMessages) {
        this.held = held;
        this.membership = membership;
        this.lastMessages = lastMessages;
    }

    /** Follows the branch {@link ForkChoice} chooses from {@code records} (read from the DHT). */
    CompletableFuture<NameBinding> follow(HeldGroup g, List<SignedGroupState> records) {
        ForkChoice.Branch b;
        synchronized (held) {
            b = ForkChoice.resolve(g.keys().membershipHead(), records);
        }
        return follow(g, b);
    }

    /**
     * Follows {@code b}, whose anchor is the group's head or one of its ancestors.
     *
     * @return {@link NameBinding#MATCHES}, or why the first link refused for a member's name was
     *     (the group then stays at the link before it; {@link NameBinding#UNCONFIRMED}: try later)
     */
    CompletableFuture<NameBinding> follow(HeldGroup g, ForkChoice.Branch b) {
        SignedGroupState head;
        synchronized (held) {
            head = g.keys().membershipHead();
        }
        boolean fromHead = Arrays.equals(b.anchor().hash(), head.hash());
        if (fromHead && b.path().isEmpty()) {
            return CompletableFuture.completedFuture(NameBinding.MATCHES);
        }
        List<CompletableFuture<Void>> told = new ArrayList<>();
        return lastMessages
                .read(g, leaving(head, b, membership.now()))
                .thenCompose(x -> fromHead ? offerInOrder(g, b.path(), 0, told) : switchTo(g, b, told))
                .thenCompose(names -> CompletableFuture.allOf(told.toArray(CompletableFuture[]::new))
                        .thenApply(x -> names));
    }

    /**
     * The members of {@code head} that the branch removes, each with the time up to which its
     * messages are shown: {@link #shownUpTo} the record that removes it (or the branch's head),
     * applied at {@code nowMillis}.
     */
    static Map<String, Long> leaving(SignedGroupState head, ForkChoice.Branch b, long nowMillis) {
        Map<String, Long> out = new HashMap<>();
        SignedGroupState parent = b.anchor();
        for (SignedGroupState r : b.path()) {
            for (GroupMember m : parent.state().members()) {
                if (!r.state().isMember(m.identityKey()) && head.state().isMember(m.identityKey())) {
                    out.putIfAbsent(hex(m.identityKey()), shownUpTo(r.state(), nowMillis));
                }
            }
            parent = r;
        }
        SignedGroupState last = b.head();
        for (GroupMember m : head.state().members()) {
            if (!last.state().isMember(m.identityKey())) {
                out.putIfAbsent(hex(m.identityKey()), shownUpTo(last.state(), nowMillis));
            }
        }
        return out;
    }

    private CompletableFuture<NameBinding> offerInOrder(
            HeldGroup g, List<SignedGroupState> records, int index, List<CompletableFuture<Void>> told) {
        if (index >= records.size()) {
            return CompletableFuture.completedFuture(NameBinding.MATCHES);
        }
        SignedGroupState r = records.get(index);
        return membership.verifyNames(g, r).thenCompose(names -> {
            byte[] record = GroupStates.encodeRecord(r);
            GroupMembership.Applied a = membership.offer(g, r, record);
            if (!a.chains().isEmpty()) {
                told.add(membership.handOver(record, a.chains()));
            }
            if (a.check() == MembershipCheck.UNVERIFIED_NAME) {
                return CompletableFuture.completedFuture(names); // later links do not follow it
            }
            return offerInOrder(g, records, index + 1, told);
        });
    }

    private CompletableFuture<NameBinding> switchTo(
            HeldGroup g, ForkChoice.Branch b, List<CompletableFuture<Void>> told) {
        return membership.verifyNames(b).thenApply(names -> {
            GroupMembership.Applied a = membership.switchTo(g, b);
            if (!a.chains().isEmpty()) {
                told.add(membership.handOver(g.headRecord(), a.chains()));
            }
            return names;
        });
    }

    private static String hex(byte[] key) {
        return HexFormat.of().formatHex(key);
    }
}
