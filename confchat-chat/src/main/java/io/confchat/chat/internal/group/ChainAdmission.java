package io.confchat.chat.internal.group;

import java.util.Arrays;

/**
 * Whether one member takes a chain another member handed over ({@link GroupKeys#accept}): only for
 * this group and an epoch it verified, only from a member of its current epoch with the chain
 * signing key's proof that the chain is the sender's, and not twice; from a member removed since
 * ({@link FormerMembers}), for an epoch before its removal and with that proof, it is read once and
 * not kept. Not thread-safe: {@link GroupKeys} owns it.
 */
final class ChainAdmission {
    private final byte[] self;
    private final ReceivingChains receiving;
    private final FormerMembers formers;

    ChainAdmission(byte[] self, ReceivingChains receiving, FormerMembers formers) {
        this.self = self.clone();
        this.receiving = receiving;
        this.formers = formers;
    }

    /**
     * What a member of {@code s} (or, {@code selfIsMember} false, a member removed from it) makes
     * of {@code d} from {@code from}.
     */
    GroupKeys.DistributionCheck check(GroupState s, boolean selfIsMember, byte[] from, Distribution d) {
        if (!Arrays.equals(d.chain().groupId(), s.groupId())) {
            return GroupKeys.DistributionCheck.WRONG_GROUP;
        }
        if (d.epoch() > s.epoch()) {
            return GroupKeys.DistributionCheck.AHEAD;
        }
        boolean fromAnother = !Arrays.equals(from, self);
        if (selfIsMember && fromAnother && !s.isMember(from)) {
            FormerMembers.LateChain late =
                    formers.mayRead(from, d.epoch(), d.chain().chainId());
            if (late == FormerMembers.LateChain.READ) {
                return d.isOwnedBy(from)
                        ? GroupKeys.DistributionCheck.OF_A_FORMER_MEMBER
                        : GroupKeys.DistributionCheck.NOT_OWNER;
            }
            if (late == FormerMembers.LateChain.READ_BEFORE) {
                return GroupKeys.DistributionCheck.DUPLICATE;
            }
        }
        if (!selfIsMember || !fromAnother || !s.isMember(from)) {
            return GroupKeys.DistributionCheck.NOT_A_MEMBER;
        }
        if (!d.isOwnedBy(from)) {
            return GroupKeys.DistributionCheck.NOT_OWNER;
        }
        if (receiving.holds(d.chain().chainId())) {
            return GroupKeys.DistributionCheck.DUPLICATE;
        }
        return GroupKeys.DistributionCheck.ACCEPTED;
    }

    /**
     * The chain of {@code d}, which {@link #check} said is {@link
     * GroupKeys.DistributionCheck#OF_A_FORMER_MEMBER}, with the former member's cut-off and window.
     */
    GroupKeys.FormerChain formerChain(byte[] from, Distribution d) {
        FormerMembers.Former f = formers.of(from).orElseThrow();
        return new GroupKeys.FormerChain(
                from.clone(), ReceivingChain.from(d.chain()), f.shownUpToMillis(), f.lateUntilMillis());
    }
}
