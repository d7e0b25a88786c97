package io.confchat.chat.internal.group;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which branch of a group's membership every member follows when admins signed different
 * successors of one epoch (a fork), decided from the records alone, never from the order the DHT
 * lists them in (docs/architecture.md#group-chats, "Forks").
 *
 * <pre>
 *            ┌─> a1 (by admin A) ─> a2 ...        at each fork, the child whose branch (it and
 *   parent ──┤                                     every valid record after it) holds the
 *            └─> b1 (by admin B) ─> ...            highest-ranking signer wins ({@link Seniority},
 *                                                  ranked in the parent); then the child whose own
 *                                                  signer ranks higher; then the smaller hash
 * </pre>
 *
 * An admin removes or demotes only admins it outranks ({@link MembershipChain}), so the branch
 * that removed an admin holds a signer who outranks it, and the removed admin's fork of any epoch
 * before its removal (it was an admin there, so its record is a valid link) loses, whatever it
 * signs later and whenever it publishes it. Two admins changing the group at once: every member
 * that sees both records takes the same one. Stateless.
 */
final class ForkChoice {
    private ForkChoice() {}

    /**
     * The branch a member at {@code head} follows, from the records read ({@code records}, in any
     * order, any group): its anchor is the oldest ancestor of {@code head} among them (found by the
     * previous-hash links, so proved to be one), or {@code head} itself; its path the winning
     * records after the anchor, in epoch order.
     */
    static Branch resolve(SignedGroupState head, Collection<SignedGroupState> records) {
        Tree tree = new Tree(records);
        SignedGroupState anchor = head;
        for (Optional<SignedGroupState> up = tree.parentOf(anchor); up.isPresent(); up = tree.parentOf(anchor)) {
            anchor = up.get();
        }
        return new Branch(anchor, tree.winningPath(anchor));
    }

    /**
     * The branch from the group's creation: the valid creation record (epoch 0, by the creator)
     * with the smaller hash if the creator signed more than one, then the winning records; empty
     * if none of {@code records} is a valid creation record of {@code groupId}.
     */
    static Optional<Branch> fromCreation(byte[] groupId, Collection<SignedGroupState> records) {
        Tree tree = new Tree(records);
        return records.stream()
                .filter(r -> r.state().epoch() == 0 && Arrays.equals(r.state().groupId(), groupId))
                .filter(r -> MembershipChain.start(r).check() == MembershipCheck.ACCEPTED)
                .min(Comparator.comparing(r -> r.hash(), Arrays::compareUnsigned))
                .map(genesis -> new Branch(genesis, tree.winningPath(genesis)));
    }

    /**
     * A branch: {@code anchor}, a record the member holds or an ancestor of it, and the records
     * after it, each the next link of the one before.
     */
    record Branch(SignedGroupState anchor, List<SignedGroupState> path) {
        Branch {
            path = List.copyOf(path);
        }

        /** The newest record of the branch. */
        SignedGroupState head() {
            return path.isEmpty() ? anchor : path.get(path.size() - 1);
        }
    }

    /** The records read, linked by their previous hashes; each link checked once. */
    private static final class Tree {
        private final Map<String, SignedGroupState> byHash = new HashMap<>();
        private final Map<String, List<SignedGroupState>> children = new HashMap<>();

        Tree(Collection<SignedGroupState> records) {
            for (SignedGroupState r : records) {
                byHash.putIfAbsent(hex(r.hash()), r);
            }
            for (SignedGroupState r : byHash.values()) {
                if (r.state().epoch() > 0) {
                    children.computeIfAbsent(hex(r.state().previousHash()), k -> new ArrayList<>())
                            .add(r);
                }
            }
        }

        /** The record {@code r} follows, if it was read and {@code r} is a valid next link of it. */
        Optional<SignedGroupState> parentOf(SignedGroupState r) {
            if (r.state().epoch() == 0) {
                return Optional.empty();
            }
            SignedGroupState p = byHash.get(hex(r.state().previousHash()));
            return p != null && MembershipChain.follows(p, r) == MembershipCheck.ACCEPTED
                    ? Optional.of(p)
                    : Optional.empty();
        }

        List<SignedGroupState> winningPath(SignedGroupState from) {
            List<SignedGroupState> path = new ArrayList<>();
            for (SignedGroupState at = from; ; ) {
                List<SignedGroupState> next = validChildren(at);
                if (next.isEmpty()) {
                    return path;
                }
                GroupState parent = at.state();
                Map<String, Integer> best = new HashMap<>();
                at = next.stream()
                        .min(Comparator.<SignedGroupState>comparingInt(
                                        c -> best.computeIfAbsent(hex(c.hash()), k -> highestRank(parent, c)))
                                .thenComparingInt(
                                        c -> Seniority.rank(parent, c.state().signerKey()))
                                .thenComparing(c -> c.hash(), Arrays::compareUnsigned))
                        .orElseThrow();
                path.add(at);
            }
        }

        /** The highest rank (the smallest number) in {@code parent} of a signer in {@code child}'s branch. */
        private int highestRank(GroupState parent, SignedGroupState child) {
            int rank = Seniority.rank(parent, child.state().signerKey());
            List<SignedGroupState> todo = new ArrayList<>(validChildren(child));
            while (!todo.isEmpty()) {
                SignedGroupState r = todo.remove(todo.size() - 1);
                rank = Math.min(rank, Seniority.rank(parent, r.state().signerKey()));
                todo.addAll(validChildren(r));
            }
            return rank;
        }

        private final Map<String, List<SignedGroupState>> valid = new HashMap<>();

        private List<SignedGroupState> validChildren(SignedGroupState r) {
            return valid.computeIfAbsent(
                    hex(r.hash()),
                    k -> children.getOrDefault(k, List.of()).stream()
                            .filter(c -> MembershipChain.follows(r, c) == MembershipCheck.ACCEPTED)
                            .toList());
        }

        private static String hex(byte[] b) {
            return HexFormat.of().formatHex(b);
        }
    }
}
