package io.confchat.chat.internal.group;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A member's view of one group's membership: the newest epoch it verified, and the rule that
 * decides whether a record is the next link (docs/architecture.md#group-chats).
 *
 * <pre>
 *   epoch 0 (signed by the creator) ─prev─> epoch 1 ─prev─> ... ─prev─> head
 *   a candidate is ACCEPTED only if:  same group and creator, epoch = head + 1,
 *     previous hash = hash(head), the signature verifies, and the signer is an admin of the head
 *     that keeps the members' order and removes or demotes no admin who outranks it (or a member
 *     of the head whose only change is its own removal)
 * </pre>
 *
 * <p>So a non-admin cannot add or remove anyone, a removed admin cannot sign (it is no admin of the
 * epoch it would follow), and an old membership cannot come back: anything at or below the head's
 * epoch is {@link MembershipCheck#STALE}. Two valid successors of one epoch (a fork) are settled
 * by {@link ForkChoice}, which may move the head to another branch ({@link #switchTo}). Not
 * thread-safe: a login owns it.
 */
final class MembershipChain {
    private SignedGroupState head;

    private MembershipChain(SignedGroupState head) {
        this.head = head;
    }

    /**
     * A chain that starts at {@code genesis}, if it is a valid creation record: epoch 0, signed by the
     * creator, who is an admin member. Otherwise the reason ({@link MembershipCheck#MALFORMED}, {@link
     * MembershipCheck#NOT_AUTHORIZED} or {@link MembershipCheck#BAD_SIGNATURE}).
     */
    static Started start(SignedGroupState genesis) {
        GroupState s = genesis.state();
        if (s.epoch() != 0) {
            return new Started(MembershipCheck.MALFORMED, Optional.empty());
        }
        if (!Arrays.equals(s.signerKey(), s.creatorKey()) || !s.isAdmin(s.creatorKey())) {
            return new Started(MembershipCheck.NOT_AUTHORIZED, Optional.empty());
        }
        if (!genesis.isSignedBySigner()) {
            return new Started(MembershipCheck.BAD_SIGNATURE, Optional.empty());
        }
        return new Started(MembershipCheck.ACCEPTED, Optional.of(new MembershipChain(genesis)));
    }

    /**
     * A chain that starts at a state this member verified before (kept on its device); the caller
     * vouches for it.
     */
    static MembershipChain resume(SignedGroupState verified) {
        return new MembershipChain(verified);
    }

    SignedGroupState head() {
        return head;
    }

    /** Applies {@code candidate} if it is the next link; see the class comment. */
    MembershipCheck offer(SignedGroupState candidate) {
        MembershipCheck check = check(candidate);
        if (check == MembershipCheck.ACCEPTED) {
            head = candidate;
        }
        return check;
    }

    /** What {@link #offer} would decide, without applying anything. */
    MembershipCheck check(SignedGroupState candidate) {
        return follows(head, candidate);
    }

    /**
     * Moves to the branch {@link ForkChoice} chose: back to its anchor (this head or one of its
     * ancestors, which the choice proved by the hash links), then along its path, each record
     * checked as the next link of the one before. Nothing changes unless every link is {@link
     * MembershipCheck#ACCEPTED}; the outcome is the first link's that is not.
     */
    MembershipCheck switchTo(ForkChoice.Branch branch) {
        SignedGroupState at = branch.anchor();
        if (!Arrays.equals(at.state().groupId(), head.state().groupId())) {
            return MembershipCheck.WRONG_GROUP;
        }
        for (SignedGroupState next : branch.path()) {
            MembershipCheck c = follows(at, next);
            if (c != MembershipCheck.ACCEPTED) {
                return c;
            }
            at = next;
        }
        head = at;
        return MembershipCheck.ACCEPTED;
    }

    /** Whether {@code candidate} is a valid next link after {@code head}; see the class comment. */
    static MembershipCheck follows(SignedGroupState head, SignedGroupState candidate) {
        GroupState current = head.state();
        GroupState next = candidate.state();
        if (!Arrays.equals(next.groupId(), current.groupId())
                || !Arrays.equals(next.creatorKey(), current.creatorKey())
                || !Arrays.equals(next.creatorNonce(), current.creatorNonce())) {
            return MembershipCheck.WRONG_GROUP;
        }
        if (next.epoch() < current.epoch()) {
            return MembershipCheck.STALE;
        }
        if (next.epoch() == current.epoch()) {
            return Arrays.equals(candidate.stateBytes(), head.stateBytes())
                    ? MembershipCheck.STALE
                    : MembershipCheck.FORK;
        }
        if (next.epoch() != current.epoch() + 1) {
            // a gap is acted on with DHT lookups: only for a record signed by its signer, a member
            // now (an admin added in between is caught up with at the next round instead)
            if (!candidate.isSignedBySigner()) {
                return MembershipCheck.BAD_SIGNATURE;
            }
            return current.isMember(next.signerKey()) ? MembershipCheck.GAP : MembershipCheck.NOT_AUTHORIZED;
        }
        if (!Arrays.equals(next.previousHash(), head.hash())) {
            return MembershipCheck.BROKEN_LINK;
        }
        if (!candidate.isSignedBySigner()) {
            return MembershipCheck.BAD_SIGNATURE;
        }
        if (!mayChange(current, next)) {
            return MembershipCheck.NOT_AUTHORIZED;
        }
        return MembershipCheck.ACCEPTED;
    }

    /**
     * An admin of the current epoch may change anything but the order of the members it keeps, and
     * may remove or demote only admins it outranks ({@link Seniority}); a member may only remove
     * itself.
     */
    private static boolean mayChange(GroupState current, GroupState next) {
        byte[] signer = next.signerKey();
        if (current.isAdmin(signer)) {
            return Seniority.keepsOrder(current, next) && Seniority.outranksEveryAdminItDrops(current, next, signer);
        }
        return current.isMember(signer) && isOnlyRemovalOf(signer, current, next);
    }

    private static boolean isOnlyRemovalOf(byte[] leaver, GroupState current, GroupState next) {
        List<GroupMember> rest =
                current.members().stream().filter(m -> !m.hasKey(leaver)).toList();
        return next.name().equals(current.name()) && next.members().equals(rest);
    }

    /** The outcome of {@link #start}: the chain when the genesis was {@link MembershipCheck#ACCEPTED}. */
    record Started(MembershipCheck check, Optional<MembershipChain> chain) {}

    @Override
    public String toString() {
        return "MembershipChain[" + head.state() + "]";
    }
}
