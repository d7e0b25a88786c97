package io.confchat.chat.internal.group;

import io.confchat.api.chat.GroupId;
import io.confchat.api.chat.NameUnconfirmedException;
import io.confchat.chat.internal.account.Account;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invitations (docs/architecture.md#group-chats, "Invitations"): a control item of a group this
 * login does not hold, whose record names this user. Anyone can make a group with anyone in it, and
 * an invitation costs its receiver a read of the group's whole membership and a signature check
 * per epoch, then is held until declined; so invitations are bounded before anything expensive:
 *
 * <ol>
 *   <li>cheap checks first: the record's signature, and its signer (the inviter) an admin of it;
 *   <li>one verification per group however many members send their chains to the newcomer;
 *   <li>at most {@value #PER_INVITER} invitations held or being verified per inviter, {@value
 *       #FROM_STRANGERS} from inviters this user does not know, {@value #TOTAL} in all; past a
 *       bound a new invitation is dropped (none held is evicted, so a flood from a stranger never
 *       pushes out a friend's). Known: a user in this user's chat list as loaded at login, with the
 *       key pinned there ({@link GroupLinks#knows}), or a member of a group this user joined;
 *   <li>then the chain from the creation ({@link MembershipSync}) and the members' names.
 * </ol>
 *
 * An invitation stops counting once joined or declined. Thread-safe.
 */
final class GroupInvitations {
    private static final Logger log = LoggerFactory.getLogger(GroupInvitations.class);
    static final int PER_INVITER = 3;
    static final int FROM_STRANGERS = 10;
    static final int TOTAL = 50;

    private final HeldGroups held;
    private final GroupMembership membership;
    private final GroupArchive archive;
    private final GroupLinks links;
    private final Account me;
    private final SecureRandom random;
    private final Map<GroupId, Pending> pending = new HashMap<>();

    GroupInvitations(
            HeldGroups held,
            GroupMembership membership,
            GroupArchive archive,
            GroupLinks links,
            Account me,
            SecureRandom random) {
        this.held = held;
        this.membership = membership;
        this.archive = archive;
        this.links = links;
        this.me = me;
        this.random = random;
    }

    /**
     * An invitation to the group of {@code record} (not held here; it names this user) from the user
     * {@code peer}: the group held as {@link HeldGroup.Standing#INVITED} once verified (or the one
     * verified meanwhile), empty when refused or over a bound.
     */
    CompletableFuture<Optional<HeldGroup>> receive(String peer, SignedGroupState record) {
        GroupState s = record.state();
        GroupId id = GroupId.of(s.groupId());
        if (!record.isSignedBySigner() || !s.isAdmin(s.signerKey())) {
            log.debug("an invitation from {} not signed by an admin of it", peer);
            return CompletableFuture.completedFuture(Optional.empty());
        }
        String inviter = HexFormat.of().formatHex(s.signerKey());
        boolean known = links.knows(s.signerKey()) || held.joinedWith(s.signerKey());
        CompletableFuture<Optional<HeldGroup>> verified;
        synchronized (this) {
            Pending p = pending.get(id);
            if (p != null) {
                return p.verified();
            }
            pending.values().removeIf(this::settled);
            long fromInviter = pending.values().stream()
                    .filter(x -> x.inviter().equals(inviter))
                    .count();
            long fromStrangers =
                    pending.values().stream().filter(x -> !x.known()).count();
            if (fromInviter >= PER_INVITER || pending.size() >= TOTAL || (!known && fromStrangers >= FROM_STRANGERS)) {
                log.debug(
                        "an invitation from {} dropped: {} held from that inviter, {} in all",
                        peer,
                        fromInviter,
                        pending.size());
                return CompletableFuture.completedFuture(Optional.empty());
            }
            verified = new CompletableFuture<>();
            pending.put(id, new Pending(id, inviter, known, verified));
        }
        verify(peer, id, record).whenComplete((g, e) -> {
            Optional<HeldGroup> outcome = g == null ? Optional.empty() : g;
            if (outcome.isEmpty()) {
                synchronized (this) {
                    pending.remove(id);
                }
            }
            if (e != null) {
                verified.completeExceptionally(e); // a name not confirmed now: the item is read again
            } else {
                verified.complete(outcome);
            }
        });
        return verified;
    }

    /** From the creation on, then the names; adopted as INVITED when both hold. */
    private CompletableFuture<Optional<HeldGroup>> verify(String peer, GroupId id, SignedGroupState record) {
        byte[] self = me.identity().publicKey();
        return MembershipSync.fromCreation(archive, id.toBytes(), record)
                .thenCompose(chain -> chain.filter(ch -> ch.head().state().isMember(self))
                        .map(ch -> membership.verifyNames(ch.head()).thenApply(names -> {
                            if (names == NameBinding.UNCONFIRMED) { // not taken: it comes again
                                throw new NameUnconfirmedException("an invitation from " + peer
                                        + " names a member who could not be confirmed right now; kept for later");
                            }
                            if (names != NameBinding.MATCHES) {
                                log.info(
                                        "an invitation from {} refused: a member's name is not its key's ({})",
                                        peer,
                                        names);
                            }
                            return names == NameBinding.MATCHES ? chain : Optional.<MembershipChain>empty();
                        }))
                        .orElse(CompletableFuture.completedFuture(Optional.empty())))
                .thenApply(chain -> {
                    if (chain.isEmpty()) {
                        log.debug("an invitation from {} that does not verify", peer);
                        return Optional.empty();
                    }
                    SignedGroupState head = chain.get().head();
                    String by = head.state()
                            .member(head.state().signerKey())
                            .map(GroupMember::username)
                            .orElse(peer);
                    HeldGroup adopted = new HeldGroup(
                            GroupKeys.of(self, chain.get(), random),
                            GroupStates.encodeRecord(head),
                            HeldGroup.Standing.INVITED,
                            by);
                    if (held.adopt(adopted)) {
                        links.invited(held.invitation(adopted));
                    }
                    return Optional.of(held.find(id).orElse(adopted));
                });
    }

    /** A verified invitation that was joined or declined since: it no longer counts. */
    private boolean settled(Pending p) {
        return p.verified().isDone()
                && held.find(p.id())
                        .map(g -> g.standing() != HeldGroup.Standing.INVITED)
                        .orElse(true);
    }

    private record Pending(
            GroupId id, String inviter, boolean known, CompletableFuture<Optional<HeldGroup>> verified) {}
}
