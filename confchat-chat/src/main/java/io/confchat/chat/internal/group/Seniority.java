package io.confchat.chat.internal.group;

import java.util.List;

/**
 * Who outranks whom in one epoch of a group (docs/architecture.md#group-chats): the admins in the
 * order they became members (their place in the member list, which no change may alter: members
 * kept by a change stay in their order, and the ones it adds come after them), then the other
 * members. It decides two things: an admin may remove or demote only admins who rank below it
 * ({@link MembershipChain}), and of two branches of a fork, the one signed by the higher-ranking
 * admin wins ({@link ForkChoice}). Together they make a removed admin's fork lose to the branch
 * that removed it: its remover outranks it. Stateless.
 */
final class Seniority {
    /** The rank of a key that is no member of the epoch: below everyone. */
    static final int STRANGER = Integer.MAX_VALUE;

    private Seniority() {}

    /** 0 for the longest-standing admin, then the other admins, then the other members; {@link #STRANGER} for others. */
    static int rank(GroupState s, byte[] key) {
        List<GroupMember> members = s.members();
        int admins = (int) members.stream().filter(GroupMember::admin).count();
        int adminRank = 0;
        int memberRank = admins;
        for (GroupMember m : members) {
            if (m.hasKey(key)) {
                return m.admin() ? adminRank : memberRank;
            }
            if (m.admin()) {
                adminRank++;
            } else {
                memberRank++;
            }
        }
        return STRANGER;
    }

    /**
     * True when {@code next} keeps the members of {@code current} it keeps in their order, ahead of
     * the ones it adds: nobody moves up by a change.
     */
    static boolean keepsOrder(GroupState current, GroupState next) {
        List<GroupMember> kept = current.members().stream()
                .filter(m -> next.isMember(m.identityKey()))
                .toList();
        List<GroupMember> after = next.members();
        for (int i = 0; i < kept.size(); i++) {
            if (!after.get(i).hasKey(kept.get(i).identityKey())) {
                return false;
            }
        }
        return after.subList(kept.size(), after.size()).stream().noneMatch(m -> current.isMember(m.identityKey()));
    }

    /**
     * True when {@code signer}, an admin of {@code current}, outranks every other admin of {@code
     * current} that {@code next} removes or demotes.
     */
    static boolean outranksEveryAdminItDrops(GroupState current, GroupState next, byte[] signer) {
        int own = rank(current, signer);
        for (GroupMember m : current.members()) {
            boolean dropped = m.admin() && !next.isAdmin(m.identityKey());
            if (dropped && !m.hasKey(signer) && rank(current, m.identityKey()) < own) {
                return false;
            }
        }
        return true;
    }
}
