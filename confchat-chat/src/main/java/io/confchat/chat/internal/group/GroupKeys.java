package io.confchat.chat.internal.group;

import io.confchat.api.SignedRecord;
import java.security.SecureRandom;
import java.util.List;

/**
 * One member's keys for one group: its membership chain, its own sending chain, and the chains of
 * the other members it can read (docs/architecture.md#group-chats). It decides what a membership
 * change does to the keys and to whom this member's chain must go; it does no I/O (the caller
 * sends what it returns over the pairwise channels).
 *
 * <ul>
 *   <li>a <b>removal or leave</b>: the removed members' chains are dropped, and this member starts a
 *       new chain for the new epoch and hands it to every remaining member only (a rekey); the
 *       removed members are remembered ({@link FormerMembers}), so a chain one of them handed over
 *       before its removal that comes only after it is still read once, up to the removal;
 *   <li>a <b>join</b>: this member hands its current chain, from its next message on, to the new
 *       members only (they cannot read what came before);
 *   <li>a <b>distribution</b> is taken only from a member of the current epoch, for an epoch it
 *       knows, with the chain signing key's proof that the chain is the sender's;
 *   <li>at most {@value #CHAINS_PER_MEMBER} chains per member are kept (the current one and the one
 *       before a rekey), the oldest dropped.
 * </ul>
 *
 * Its parts: this member's own chain ({@link OwnSendingChain}), the chains it reads ({@link
 * ReceivingChains}), the former members ({@link FormerMembers}), what a membership change does to
 * them ({@link MembershipKeyChange}), whether a hand-over is taken ({@link ChainAdmission}), and
 * the keys as kept and restored ({@link KeptKeys}, {@link #kept}).
 *
 * Not thread-safe: a login owns it and uses it on its serial executor.
 */
final class GroupKeys {
    static final int CHAINS_PER_MEMBER = 2;

    private final byte[] self;
    private final MembershipChain membership;
    private final OwnSendingChain sending;
    private final ReceivingChains receiving;
    private final FormerMembers formers = new FormerMembers();
    private final ChainAdmission admission;
    private final KeptKeys kept;
    private final MembershipKeyChange change;

    private GroupKeys(byte[] self, MembershipChain membership, SecureRandom random) {
        this.self = self.clone();
        this.membership = membership;
        this.sending = new OwnSendingChain(self, state().groupId(), random);
        this.receiving = new ReceivingChains(state().groupId());
        this.admission = new ChainAdmission(self, receiving, formers);
        this.kept = new KeptKeys(self, membership, sending, receiving, formers);
        this.change = new MembershipKeyChange(self, sending, receiving, formers);
    }

    /** Keys kept {@link KeptKeys#whole}, restored (the membership head is vouched for by the caller). */
    static GroupKeys restore(byte[] self, MembershipChain membership, SecureRandom random, KeptKeys.Whole whole) {
        GroupKeys k = new GroupKeys(self, membership, random);
        k.kept.restore(whole);
        return k;
    }

    /**
     * Keys restored on another device of the user from its key backup: the chains read, at the
     * backup's positions (only those of other members of the head), the former members whose late
     * chains the other device still read (as kept: the window ends when it did there, by absolute
     * time), and a <b>new</b> sending chain of this device's own (a sending chain is never shared
     * between devices: two devices sealing on one chain would use a message key, and so a nonce,
     * twice).
     *
     * @throws IllegalArgumentException if {@code self} is not a member of the head
     */
    static GroupKeys restoreElsewhere(
            byte[] self,
            MembershipChain membership,
            SecureRandom random,
            List<KeptKeys.Chain> chains,
            List<FormerMembers.Former> formers) {
        GroupKeys k = of(self, membership, random);
        k.kept.adoptPositions(chains);
        k.kept.adoptFormers(formers);
        return k;
    }

    /** These keys as kept and restored: whole, a chain taken, a chain's position, a backup's positions. */
    KeptKeys kept() {
        return kept;
    }

    /** The next iteration of this member's sending chain (0 once removed). */
    int sendingNextIteration() {
        return sending.nextIteration();
    }

    /** The id of this member's sending chain; empty once removed. */
    java.util.Optional<byte[]> sendingChainId() {
        return sending.chainId();
    }

    /**
     * Starts a new sending chain and returns it for every other member, as a join does; its
     * hand-over says {@code previousLength} messages went on the user's chain before it, the chain
     * the other members took last. At login (the key backup names another device's chain, which the
     * members read after this device's own) that is how far the other device's chain went, not the
     * longer of it and this device's own chain: the other chain's hand-over stated how far this one
     * had gone, and members compare the figure with the other chain (a longer one held every live
     * message of the new chain back until {@link OlderChainsFirst#WAIT}).
     */
    List<Addressed> restartSending(int previousLength) {
        if (!isMember()) {
            return List.of();
        }
        sending.startNew();
        return handOverToOthers(previousLength);
    }

    /**
     * The keys of {@code self} in the group {@code membership} holds, with a new sending chain.
     *
     * @throws IllegalArgumentException if {@code self} is not a member of its head
     */
    static GroupKeys of(byte[] self, MembershipChain membership, SecureRandom random) {
        if (!membership.head().state().isMember(self)) {
            throw new IllegalArgumentException("not a member of the group");
        }
        return new GroupKeys(self, membership, random);
    }

    /** The newest membership record this member verified. */
    SignedGroupState membershipHead() {
        return membership.head();
    }

    GroupState state() {
        return membership.head().state();
    }

    /** Whether this member still belongs to the group (false once its removal was accepted). */
    boolean isMember() {
        return sending.exists();
    }

    /**
     * This member's chain for every other member of the current epoch (after creating or joining);
     * none once this member was removed.
     */
    List<Addressed> distributionsToAll() {
        return distributionsToAll(0);
    }

    /**
     * The same, saying that {@code previousLength} messages went on the user's sending chain before
     * this one (a device restored from the key backup: how far the chain the backup names went).
     */
    List<Addressed> distributionsToAll(int previousLength) {
        return isMember() ? handOverToOthers(previousLength) : List.of();
    }

    /**
     * Seals {@code text} on this member's chain; a full chain is replaced first, and the new chain's
     * distributions come with the message (send them before it).
     *
     * @throws IllegalStateException if this member was removed
     */
    Sent seal(GroupText text) {
        if (!isMember()) {
            throw new IllegalStateException("removed from the group");
        }
        List<Addressed> first = List.of();
        if (sending.full()) {
            sending.startNew();
            first = handOverToOthers(SendingChain.MAX_LENGTH);
        }
        return new Sent(sending.seal(text), first);
    }

    /** Whether {@code candidate} is the next link of the membership (nothing applied). */
    MembershipCheck check(SignedGroupState candidate) {
        return membership.check(candidate);
    }

    /**
     * Offers a membership record; on acceptance, applies it to the keys (see the class comment) at
     * {@code nowMillis} (this member's clock: bounds what a removed member's late chain shows).
     */
    Update offer(SignedGroupState candidate, long nowMillis) {
        GroupState before = state();
        MembershipCheck check = membership.offer(candidate);
        return change.apply(before, state(), check, nowMillis);
    }

    /**
     * Moves to the branch {@link ForkChoice} chose ({@link MembershipChain#switchTo}) and applies it
     * to the keys as one change from the state held before: a member the switch drops is a removal
     * (this member rekeys), one it brings is a join. Chains held keep their arrival order; none is
     * tagged with an epoch above the new head's.
     */
    Update switchTo(ForkChoice.Branch branch, long nowMillis) {
        GroupState before = state();
        MembershipCheck check = membership.switchTo(branch);
        Update u = change.apply(before, state(), check, nowMillis);
        if (u.check() == MembershipCheck.ACCEPTED) {
            receiving.capEpochs(state().epoch());
        }
        return u;
    }

    /** Takes another member's chain; see the class comment for what is refused. */
    DistributionCheck accept(byte[] from, Distribution d) {
        DistributionCheck check = admission.check(state(), isMember(), from, d);
        if (check != DistributionCheck.ACCEPTED) {
            return check;
        }
        receiving.take(from, d.epoch(), ReceivingChain.from(d.chain()), d.previousChainLength());
        return DistributionCheck.ACCEPTED;
    }

    /**
     * The chain of {@code d}, from a member removed since that handed it over for an epoch before
     * its removal ({@link #accept} said {@link DistributionCheck#OF_A_FORMER_MEMBER}), to read once
     * and not keep; call {@link #formerChainRead} once read.
     */
    FormerChain formerChain(byte[] from, Distribution d) {
        return admission.formerChain(from, d);
    }

    /** The chain {@code chainId} of the former member {@code owner} was read: never read again. */
    void formerChainRead(byte[] owner, byte[] chainId) {
        formers.read(owner, chainId);
    }

    /**
     * True while the owner's chain before {@code chainId} has not been read as far as {@code
     * chainId}'s hand-over said it went ({@link OlderChainsFirst} holds its live messages back).
     */
    boolean waitsForOlder(byte[] chainId) {
        return receiving.waitsForOlder(chainId);
    }

    /** {@code chainId}'s messages wait for no older chain any more. */
    void stopWaiting(byte[] chainId) {
        receiving.stopWaiting(chainId);
    }

    /** The chains of {@code chainId}'s owner taken before it, oldest first. */
    List<HeldChain> olderThan(byte[] chainId) {
        return receiving.olderThan(chainId);
    }

    /** Forgets every chain read (once this member is gone and its parting is over). */
    void forgetChains() {
        receiving.clear();
    }

    /** The former members remembered, oldest removal first ({@link FormerMembers#kept}). */
    List<FormerMembers.Former> formerMembers() {
        return formers.kept();
    }

    /** Whether {@code key} is a former member whose late chains are still read. */
    boolean isFormerMember(byte[] key) {
        return formers.remembers(key);
    }

    /**
     * A former member's chain handed over before its removal, read once if it comes before {@code
     * lateUntilMillis} (this member's clock): its messages are shown only if their sender says they
     * were sent up to {@code shownUpToMillis}.
     */
    record FormerChain(byte[] owner, ReceivingChain chain, long shownUpToMillis, long lateUntilMillis) {}

    /** The chains this member reads, each with the first iteration it has not opened yet. */
    List<HeldChain> heldChains() {
        return receiving.held();
    }

    /** The chain with this id, if this member reads it. */
    java.util.Optional<HeldChain> heldChain(byte[] chainId) {
        return receiving.held(chainId);
    }

    /** The DHT copy of a message this member sealed (signed by its sending chain). */
    SignedRecord storedCopy(SealedGroupMessage m) {
        if (!isMember()) {
            throw new IllegalStateException("removed from the group");
        }
        return sending.storedCopy(m);
    }

    /** True when {@code m} verifies as a message of a chain held whose iteration was opened before. */
    boolean openedBefore(SealedGroupMessage m) {
        return receiving.openedBefore(m);
    }

    /** Opens a message of a chain this member holds, naming the member whose chain it is. */
    Received open(SealedGroupMessage m) {
        return receiving.open(m);
    }

    private List<Addressed> handOverToOthers(int previousLength) {
        return sending.handOverTo(state().members(), state().epoch(), previousLength, receiving);
    }

    /**
     * A chain this member reads, of the epoch its owner handed it over in: catch-up fetches it from
     * {@code firstUnopened} on.
     */
    record HeldChain(byte[] chainId, byte[] owner, long epoch, int firstUnopened) {}

    /**
     * A distribution for one member, to send over a pairwise channel to it alone; {@code
     * holdsGroup}: the member handed this member a chain, so it holds the group (a hand-over to it
     * need only name the membership record).
     */
    record Addressed(GroupMember recipient, Distribution distribution, boolean holdsGroup) {}

    /** A sealed message, and the distributions of a new chain to send before it (usually none). */
    record Sent(SealedGroupMessage message, List<Addressed> distributionsFirst) {}

    /** What a membership record did: the check, who left and joined, and what to send to whom. */
    record Update(
            MembershipCheck check, List<GroupMember> removed, List<GroupMember> added, List<Addressed> distributions) {}

    /** What {@link #accept} decided about a distribution. */
    enum DistributionCheck {
        ACCEPTED,
        /** This chain is held already (or, of a former member, was read). */
        DUPLICATE,
        /**
         * From a member removed since, for an epoch before its removal, with its owner's proof: not
         * taken, but read once up to the removal ({@link #formerChain}).
         */
        OF_A_FORMER_MEMBER,
        WRONG_GROUP,
        /** For an epoch this member has not verified yet: fetch the membership, then offer it again. */
        AHEAD,
        /** From someone who is not (or no longer) a member, or to a member who was removed. */
        NOT_A_MEMBER,
        /** The chain's signing key does not say the chain is the sender's. */
        NOT_OWNER
    }

    /** What {@link #open} made of a message. */
    sealed interface Received {
        /** Opened: {@code sender} is the identity key of the member whose chain it is. */
        record Text(byte[] sender, int iteration, GroupText text) implements Received {}

        /** A chain this member does not hold (not given to it, dropped, or a removed member's). */
        record UnknownChain() implements Received {}

        record Refused(ReceivingChain.Refusal reason) implements Received {}
    }
}
