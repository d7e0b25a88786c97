package io.confchat.chat.internal.group;

import io.confchat.api.chat.GroupId;
import io.confchat.api.chat.NameUnconfirmedException;
import io.confchat.chat.internal.account.Account;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every group envelope another member sends this user, live or through the inbox: group messages
 * (opened in order, else caught up; answered with a receipt), receipts, and control items
 * (membership records, verified as the next link, and chains, taken only as the sender's own).
 * An invitation (a control item of a group not held, whose membership names this user) is verified
 * from the group's creation on ({@link MembershipSync}) before it is kept. Thread-safe.
 */
public final class GroupIntake {
    private static final Logger log = LoggerFactory.getLogger(GroupIntake.class);

    /** How an envelope came. */
    public enum Via {
        LIVE,
        INBOX
    }

    private final HeldGroups held;
    private final GroupMembership membership;
    private final GroupSending sending;
    private final GroupCatchUp catchUp;
    private final GroupLinks links;
    private final Account me;
    private final GroupInvitations invitations;
    private final GroupArchive archive;
    private final UnheldGroups unheld;

    GroupIntake(
            HeldGroups held,
            GroupMembership membership,
            GroupSending sending,
            GroupArchive archive,
            GroupCatchUp catchUp,
            GroupLinks links,
            Account me,
            SecureRandom random,
            UnheldGroups unheld) {
        this.held = held;
        this.archive = archive;
        this.unheld = unheld;
        this.membership = membership;
        this.sending = sending;
        this.catchUp = catchUp;
        this.links = links;
        this.me = me;
        this.invitations = new GroupInvitations(held, membership, archive, links, me, random);
    }

    /**
     * Takes an envelope from the user {@code peer} (whose identity key the channel proved).
     *
     * @return completes when it was handled (an inbox item may then be acknowledged)
     */
    public CompletableFuture<Void> receive(String peer, byte[] peerKey, byte[] bytes, Via via) {
        Optional<GroupEnvelopes.Envelope> decoded = GroupEnvelopes.decode(bytes);
        if (decoded.isEmpty()) {
            log.debug("a malformed group envelope from {}", peer);
            return CompletableFuture.completedFuture(null);
        }
        GroupEnvelopes.Envelope e = decoded.get();
        if (e instanceof GroupEnvelopes.Envelope.Message m && via == Via.LIVE) {
            return message(peer, m.message());
        }
        if (e instanceof GroupEnvelopes.Envelope.Receipt r && via == Via.LIVE) {
            sending.receipt(r.chainId(), r.iteration(), peer);
        } else if (e instanceof GroupEnvelopes.Envelope.ControlReceipt r && via == Via.LIVE) {
            links.controlTaken(r.id());
        } else if (e instanceof GroupEnvelopes.Envelope.Control c) {
            CompletableFuture<Void> handled = control(peer, peerKey, c);
            if (via == Via.LIVE) { // taken: the sender need not put it in the inbox
                handled.thenRun(() -> links.sendLive(peer, GroupEnvelopes.controlReceipt(c.id())));
            }
            return handled;
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * A live message: opened if it is the next of its chain; one that skips ahead is opened once
     * its chain was caught up from the DHT (so each sender's order holds where the DHT has the
     * messages in between, and a hole in the DHT holds nothing up); one whose chain is not held yet
     * is held (bounded, {@link BeforeTheirChains}) and goes on once its chain is taken ({@link
     * #take}). A receipt goes back only for a message that opened, now or before.
     */
    private CompletableFuture<Void> message(String peer, SealedGroupMessage m) {
        Optional<HeldGroup> found = held.find(GroupId.of(m.groupId()));
        if (found.isEmpty()) {
            held.parting(GroupId.of(m.groupId())).ifPresent(p -> parting(peer, p, m));
            return CompletableFuture.completedFuture(null);
        }
        if (!found.get().joined()) {
            return CompletableFuture.completedFuture(null); // not taken: caught up once joined
        }
        HeldGroup g = found.get();
        int next = held.firstUnopened(g, m.chainId());
        if (next < 0) { // its chain has not come yet: held for it, and its read goes first then
            BeforeTheirChains.Outcome early = catchUp.cameBeforeItsChain(g, peer, m);
            log.debug("a live message before its chain: {}", early);
            if (held.firstUnopened(g, m.chainId()) >= 0) { // taken meanwhile, after take looked
                catchUp.chainTaken(g, m.chainId()).forEach(e -> message(e.peer(), e.message()));
            }
            return CompletableFuture.completedFuture(null);
        }
        if (catchUp.holdBack(g, m, () -> inOrder(peer, g, m))) {
            return CompletableFuture.completedFuture(null); // after its sender's older chain
        }
        return inOrder(peer, g, m);
    }

    /** A live message of a chain held that need not wait for an older chain of its sender. */
    private CompletableFuture<Void> inOrder(String peer, HeldGroup g, SealedGroupMessage m) {
        int next = held.firstUnopened(g, m.chainId());
        if (m.iteration() <= next || openedBefore(g, m)) { // a replayed one starts no catch-up
            openAndAcknowledge(peer, g, m);
            return CompletableFuture.completedFuture(null);
        }
        if (!m.isSignedByItsChain()) {
            return CompletableFuture.completedFuture(null); // forged: starts no catch-up
        }
        return catchUp.skippedTo(g, m.chainId(), m.iteration())
                .handle((x, e) -> null)
                .thenRun(() -> openAndAcknowledge(peer, g, m));
    }

    /**
     * A live message of a group this user just left or was removed from ({@link HeldGroups#part}):
     * shown if it opens on a chain still read and its sender says it was sent up to the change
     * (plus clock skew); answered with a receipt if it opened. Nothing is kept.
     */
    private void parting(String peer, HeldGroups.Parting p, SealedGroupMessage m) {
        if (catchUp.open(p.group(), m, false, p.shownUpToMillis()) || openedBefore(p.group(), m)) {
            links.sendLive(peer, GroupEnvelopes.receipt(m.groupId(), m.chainId(), m.iteration()));
        }
    }

    private void openAndAcknowledge(String peer, HeldGroup g, SealedGroupMessage m) {
        boolean opened = catchUp.open(g, m, false);
        if (opened && held.holds(g.id())) {
            // the chain's new position is durable: a restart neither fetches nor shows it again
            // (the seen ids are bounded; the position is not)
            held.keepPosition(g, m.chainId());
            catchUp.progress(g); // a newer chain's messages held back for this one may go on
        }
        if (opened || openedBefore(g, m)) {
            links.sendLive(peer, GroupEnvelopes.receipt(m.groupId(), m.chainId(), m.iteration()));
        }
    }

    private boolean openedBefore(HeldGroup g, SealedGroupMessage m) {
        synchronized (held) {
            return g.keys().openedBefore(m);
        }
    }

    private CompletableFuture<Void> control(String peer, byte[] peerKey, GroupEnvelopes.Envelope.Control c) {
        Optional<HeldGroup> found = held.find(c.group());
        if (found.isPresent()) {
            return membership(peer, peerKey, found.get(), c).thenCompose(g -> chain(g, peer, peerKey, c));
        }
        if (c.membership().isEmpty()) {
            return unheld(peer, peerKey, c);
        }
        SignedGroupState r = c.membership().get();
        if (!r.state().isMember(me.identity().publicKey())) {
            return CompletableFuture.completedFuture(null); // about a group this user is not in
        }
        return wasMemberBefore(r)
                .thenCompose(before -> before
                        ? unheld(peer, peerKey, c) // not an invitation: a group whose backup could not be read
                        : invitations
                                .receive(peer, r)
                                .thenCompose(g -> g.map(x -> chain(x, peer, peerKey, c))
                                        .orElse(CompletableFuture.completedFuture(null))));
    }

    /**
     * Whether the record before {@code r} in the chain (read from the DHT, one page) names this user
     * too: then {@code r} is no invitation (one names a user the epoch it adds it), but a change in a
     * group the user is in, which this login does not hold.
     */
    private CompletableFuture<Boolean> wasMemberBefore(SignedGroupState r) {
        if (r.state().epoch() == 0) {
            return CompletableFuture.completedFuture(false);
        }
        return archive.membershipRecord(
                        r.state().groupId(), r.state().epoch() - 1, r.state().previousHash())
                .thenApply(previous -> previous.filter(
                                p -> p.state().isMember(me.identity().publicKey()))
                        .isPresent());
    }

    /**
     * A hand-over of a group not held here, of a user who was a member already. A hand-over naming
     * its record goes only to members that handed its sender a chain, and one carrying it whole
     * that is no invitation tells of a group the user was in, so this user held the group, unless
     * its key backup could not be read at this login. When the record (named: read from the DHT)
     * is signed by its signer, names this user and the sender, and no later record in the DHT drops
     * this user, the item is kept for later (not settled, not receipted: the sender puts it in the
     * inbox) and the group remembered ({@link UnheldGroups}: its backup is read again before inbox
     * checks); otherwise (a group left, or a stranger's item) it is settled. A read that fails
     * keeps the item too.
     */
    private CompletableFuture<Void> unheld(String peer, byte[] peerKey, GroupEnvelopes.Envelope.Control c) {
        GroupId id = c.group();
        Optional<SignedGroupState> known =
                c.membership().isPresent() ? Optional.empty() : unheld.verified(id, c.epoch(), c.membershipHash());
        if (known.isPresent()) {
            return keptFor(peer);
        }
        CompletableFuture<Optional<SignedGroupState>> record = c.membership().isPresent()
                ? CompletableFuture.completedFuture(c.membership().filter(SignedGroupState::isSignedBySigner))
                : archive.membershipRecord(id.toBytes(), c.epoch(), c.membershipHash());
        byte[] self = me.identity().publicKey();
        return record.thenCompose(r -> {
            if (r.isEmpty()
                    || !r.get().state().isMember(self)
                    || !r.get().state().isMember(peerKey)) {
                return CompletableFuture.completedFuture(null);
            }
            long epoch = r.get().state().epoch();
            return archive.membershipFrom(id.toBytes(), epoch, epoch).thenCompose(from -> {
                if (!newestFollowing(r.get(), from).state().isMember(self)) {
                    return CompletableFuture.completedFuture(null); // left or removed since
                }
                unheld.add(id, r.get());
                return keptFor(peer);
            });
        });
    }

    /**
     * The newest record of the chain from {@code head} on through {@code later} (the DHT's records
     * from its epoch on): each next link must follow the one before by the membership rules, so a
     * record anyone could put in the DHT (a removal signed by no admin) is not taken for the head.
     * Bounded by {@code later}'s epochs.
     */
    private static SignedGroupState newestFollowing(SignedGroupState head, List<SignedGroupState> later) {
        SignedGroupState newest = head;
        for (SignedGroupState next : later) { // in epoch order
            if (next.state().epoch() == newest.state().epoch() + 1
                    && MembershipChain.follows(newest, next) == MembershipCheck.ACCEPTED) {
                newest = next;
            }
        }
        return newest;
    }

    private static CompletableFuture<Void> keptFor(String peer) {
        return CompletableFuture.failedFuture(new IllegalStateException("a hand-over from " + peer
                + " of a group this user is in whose key backup could not be read yet; kept for later"));
    }

    /**
     * Brings a held group's membership up to the record the control carried or named: a record
     * carried that is the next link is followed at once ({@link GroupCatchUp#next}); a record ahead,
     * or of another branch, signed (or, when only named, sent) by a member of the head, makes this
     * member read the membership from the DHT (rate-limited); a record at or below the head
     * otherwise changes nothing. Fails ({@link NameUnconfirmedException}) when the next link names
     * a member who could not be confirmed now: the item is read again.
     */
    private CompletableFuture<HeldGroup> membership(
            String peer, byte[] peerKey, HeldGroup g, GroupEnvelopes.Envelope.Control c) {
        if (c.membership().isEmpty()) {
            return named(peerKey, g, c);
        }
        SignedGroupState r = c.membership().get();
        MembershipCheck check;
        GroupState head;
        synchronized (held) {
            check = g.keys().check(r);
            head = g.keys().state();
        }
        if (check == MembershipCheck.ACCEPTED) {
            return catchUp.next(g, r).thenApply(names -> {
                if (names == NameBinding.UNCONFIRMED) {
                    throw unconfirmed(peer);
                }
                return g;
            });
        }
        boolean otherBranch = (check == MembershipCheck.FORK || check == MembershipCheck.BROKEN_LINK)
                && r.isSignedBySigner()
                && head.isMember(r.state().signerKey());
        if (check == MembershipCheck.GAP || otherBranch) {
            return catchUp.afterGap(g, r.state().epoch()).thenApply(x -> g); // from the DHT
        }
        log.debug("a membership record not followed: {}", check);
        return CompletableFuture.completedFuture(g);
    }

    /**
     * A hand-over naming the sender's membership record: when it is ahead of this member's head,
     * or another record of the head's epoch, sent by a member of the head, the membership is read
     * from the DHT (rate-limited), where the record was published before anyone was told of it.
     */
    private CompletableFuture<HeldGroup> named(byte[] peerKey, HeldGroup g, GroupEnvelopes.Envelope.Control c) {
        SignedGroupState head;
        synchronized (held) {
            head = g.keys().membershipHead();
        }
        boolean ahead = c.epoch() > head.state().epoch();
        boolean otherBranch = c.epoch() == head.state().epoch() && !Arrays.equals(c.membershipHash(), head.hash());
        if ((ahead || otherBranch) && head.state().isMember(peerKey)) {
            return catchUp.afterGap(g, c.epoch()).thenApply(x -> g);
        }
        return CompletableFuture.completedFuture(g);
    }

    /**
     * The failure of a control item whose members' names could not be confirmed now: neither
     * acknowledged in the inbox nor receipted live, so it is read again (or put in the inbox).
     */
    private static NameUnconfirmedException unconfirmed(String from) {
        return new NameUnconfirmedException(
                "a group record from " + from + " names a member who could not be confirmed right now; kept for later");
    }

    /**
     * Takes the sender's chain, if the control carries one, and catches it up once joined: after
     * the sender's chains handed over before it, and after its chains held were read as far as
     * the hand-over says they went ({@link GroupCatchUp#before}), so that taking it (which may
     * drop the sender's oldest chain) loses nothing and its messages show after the older ones.
     */
    private CompletableFuture<Void> chain(HeldGroup g, String peer, byte[] peerKey, GroupEnvelopes.Envelope.Control c) {
        if (c.distribution().isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Distribution d = c.distribution().get();
        return catchUp.inTurn(
                g,
                peerKey,
                () -> catchUp.before(g, peerKey, d.chain().chainId(), d.previousChainLength())
                        .handle((x, e) -> null)
                        .thenCompose(x -> take(g, peer, peerKey, c)));
    }

    /**
     * Whether a chain of {@code c} for an epoch not verified yet is worth keeping the item for: its
     * sender is a member of the head, or the record it carried, ahead of the head and signed by a
     * member of the head, makes it one. Anyone else's such item is settled, or a stranger could put items in a
     * member's inbox that come again at every poll (each a lookup of its sender) for the inbox
     * record's whole life.
     */
    private boolean mayComeAgain(HeldGroup g, byte[] peerKey, GroupEnvelopes.Envelope.Control c) {
        SignedGroupState head;
        synchronized (held) {
            head = g.keys().membershipHead();
        }
        if (head.state().isMember(peerKey)) {
            return true;
        }
        return c.membership()
                .filter(r -> r.state().epoch() > head.state().epoch() // a record to come, not an old one
                        && r.isSignedBySigner()
                        && head.state().isMember(r.state().signerKey())
                        && r.state().isMember(peerKey))
                .isPresent();
    }

    /**
     * Takes the chain and starts its catch-up, in turn; completes once taken and kept, not when
     * read (the chain is kept: a read that fails or never ends is made again at the next round),
     * so the control receipt does not wait for the DHT: at a removal each member takes 98 chains
     * at once, and receipts that waited for 98 reads came after the sender's timeout, which then
     * put nearly every one of the 9,506 items in an inbox as well. A chain of a member removed
     * since, handed over before its removal, is read once up to the removal ({@link
     * GroupCatchUp#formerChain}: fails if the DHT could not be read, so the item comes again).
     */
    private CompletableFuture<Void> take(HeldGroup g, String peer, byte[] peerKey, GroupEnvelopes.Envelope.Control c) {
        Distribution d = c.distribution().orElseThrow();
        GroupKeys.DistributionCheck check;
        GroupKeys.FormerChain former = null;
        synchronized (held) {
            check = g.keys().accept(peerKey, d);
            if (check == GroupKeys.DistributionCheck.ACCEPTED) {
                held.keepChain(g, d.chain().chainId());
            } else if (check == GroupKeys.DistributionCheck.OF_A_FORMER_MEMBER) {
                former = g.keys().formerChain(peerKey, d);
            }
        }
        if (former != null) {
            return catchUp.formerChain(g, former);
        }
        if (check == GroupKeys.DistributionCheck.AHEAD && mayComeAgain(g, peerKey, c)) {
            // of an epoch this member has not verified yet (its record could not be read now)
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "a chain from " + peer + " of a membership not verified yet; kept for later"));
        }
        if (check != GroupKeys.DistributionCheck.ACCEPTED) {
            log.debug("a chain from {} refused: {}", peer, check);
            return CompletableFuture.completedFuture(null);
        }
        catchUp.chain(g, d.chain().chainId()); // in turn; read again at the next round if it fails
        // the live messages that came before it go on now, oldest first (opened once: seen ids)
        catchUp.chainTaken(g, d.chain().chainId()).forEach(e -> message(e.peer(), e.message()));
        return CompletableFuture.completedFuture(null);
    }
}
