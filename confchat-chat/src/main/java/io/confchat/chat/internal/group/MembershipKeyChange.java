package io.confchat.chat.internal.group;

import java.util.List;

/**
 * What an accepted membership change does to one member's keys ({@link GroupKeys#offer}, {@link
 * GroupKeys#switchTo}; docs/architecture.md#group-chats, "Distribution"): this member removed, its
 * chain ends (the chains it reads stay for a moment: {@link HeldGroups#part}) and it remembers no
 * former members; others removed, their chains are dropped, they are remembered as former members
 * ({@link FormerMembers}), and this member starts a new chain for every remaining member (a rekey);
 * members added get this member's chain as it stands. Not thread-safe: {@link GroupKeys} owns it.
 */
final class MembershipKeyChange {
    private final byte[] self;
    private final OwnSendingChain sending;
    private final ReceivingChains receiving;
    private final FormerMembers formers;

    MembershipKeyChange(byte[] self, OwnSendingChain sending, ReceivingChains receiving, FormerMembers formers) {
        this.self = self.clone();
        this.sending = sending;
        this.receiving = receiving;
        this.formers = formers;
    }

    /**
     * Applies the change from {@code before} to {@code after} ({@code check} said whether there is
     * one) at {@code nowMillis} (this member's clock: bounds what a removed member's late chain shows).
     */
    GroupKeys.Update apply(GroupState before, GroupState after, MembershipCheck check, long nowMillis) {
        if (check != MembershipCheck.ACCEPTED) {
            return new GroupKeys.Update(check, List.of(), List.of(), List.of());
        }
        List<GroupMember> removed = missingFrom(before.members(), after);
        List<GroupMember> added = missingFrom(after.members(), before);
        if (!after.isMember(self)) {
            sending.end(); // the chains read stay for a moment: see HeldGroups.part
            formers.clear();
            return new GroupKeys.Update(check, removed, added, List.of());
        }
        receiving.dropOwners(owner -> removed.stream().anyMatch(m -> m.hasKey(owner)));
        long shownUpTo = BranchFollower.shownUpTo(after, nowMillis);
        removed.forEach(m -> formers.removed(m.identityKey(), after.epoch(), shownUpTo, nowMillis));
        added.forEach(m -> formers.returned(m.identityKey()));
        if (!removed.isEmpty()) {
            int previousLength = sending.nextIteration();
            sending.startNew();
            return new GroupKeys.Update(
                    check,
                    removed,
                    added,
                    sending.handOverTo(after.members(), after.epoch(), previousLength, receiving));
        }
        return new GroupKeys.Update(check, removed, added, sending.handOverTo(added, after.epoch(), 0, receiving));
    }

    private static List<GroupMember> missingFrom(List<GroupMember> members, GroupState other) {
        return members.stream().filter(m -> !other.isMember(m.identityKey())).toList();
    }
}
