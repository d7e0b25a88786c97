package io.confchat.chat.internal.group;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One member's keys of one group ({@link GroupKeys}) as they are kept and restored
 * (docs/architecture.md#group-chats, "Kept on the device"; #group-chats-on-any-node): whole across a
 * restart ({@link #whole}: the device journal's state), then what changed alone after it, applied
 * again in the order kept (a chain taken: {@link #chain}, {@link #retake}; a chain's position:
 * {@link #position}, {@link #restore}); and on another device of the user, the positions of its
 * key backup ({@link #adoptPositions}, {@link #positions}). Secret (chain keys): sealed wherever
 * kept. Not thread-safe: {@link GroupKeys} owns it.
 */
final class KeptKeys {
    /** The keys whole (secret: sealed in the device journal). */
    record Whole(Optional<Sending> sending, List<Chain> receiving, List<FormerMembers.Former> formers) {}

    /** This member's sending chain: the next chain key and iteration, and its signing seed. */
    record Sending(byte[] chainKey, int iteration, byte[] signingSeed) {}

    /** A chain this member reads, of {@code owner}, handed over in {@code epoch}. */
    record Chain(byte[] owner, long epoch, ReceivingChain.Kept chain) {}

    /** What {@link #restore(ChainPosition)} did. */
    enum PositionRestore {
        APPLIED,
        /** Not a chain this member holds (dropped since: the state kept at the drop says so). */
        UNKNOWN_CHAIN,
        /** Older than the chain as restored. */
        BEHIND
    }

    private final byte[] self;
    private final MembershipChain membership;
    private final OwnSendingChain sending;
    private final ReceivingChains receiving;
    private final FormerMembers formers;

    KeptKeys(
            byte[] self,
            MembershipChain membership,
            OwnSendingChain sending,
            ReceivingChains receiving,
            FormerMembers formers) {
        this.self = self.clone();
        this.membership = membership;
        this.sending = sending;
        this.receiving = receiving;
        this.formers = formers;
    }

    /** What a restart needs: the sending chain (none once removed), the chains read, the former members. */
    Whole whole() {
        return new Whole(sending.kept(), receiving.kept(), formers.kept());
    }

    /** Restores the keys kept {@link #whole} (into keys just made). */
    void restore(Whole w) {
        sending.restore(w.sending());
        w.receiving().forEach(receiving::restore);
        formers.restore(w.formers());
    }

    /**
     * Where the chain {@code chainId} stands now, this member's sending chain or one it reads: what
     * is kept after a message was sealed on it or opened from it, in place of {@link #whole}.
     *
     * @return empty when this member holds no such chain
     */
    Optional<ChainPosition> position(byte[] chainId) {
        return sending.position(chainId).or(() -> receiving.position(chainId));
    }

    /**
     * Moves a chain restored from {@link #whole} to a position kept after it ({@link #position}).
     * A position behind the chain is not applied: the keys of a chain never go back.
     */
    PositionRestore restore(ChainPosition p) {
        return sending.restore(p).orElseGet(() -> receiving.restore(p));
    }

    /**
     * The chain {@code chainId} this member reads, as taken: what is kept after it was taken
     * ({@link GroupKeys#accept}), in place of {@link #whole}.
     *
     * @return empty when this member reads no such chain
     */
    Optional<Chain> chain(byte[] chainId) {
        return receiving.kept(chainId);
    }

    /**
     * Takes again, over the keys restored from {@link #whole}, a chain kept after it ({@link
     * #chain}), in the order the chains were taken: the owner's oldest chain beyond {@value
     * GroupKeys#CHAINS_PER_MEMBER} is dropped as it was then.
     */
    void retake(Chain c) {
        receiving.retake(c);
    }

    /**
     * Takes the positions of another device of the user (its key backup): a chain held moves to
     * the backup's position when that is ahead; a chain not held is taken when its owner is another
     * member of the head (at most {@value GroupKeys#CHAINS_PER_MEMBER} per member, as always).
     *
     * @return how many chains moved or were taken
     */
    int adoptPositions(List<Chain> chains) {
        GroupState head = membership.head().state();
        return receiving.adoptPositions(
                chains, owner -> sending.exists() && !Arrays.equals(owner, self) && head.isMember(owner));
    }

    /**
     * The former members of another device of the user (its key backup), as kept there: those who
     * are neither this member nor members of the head.
     */
    void adoptFormers(List<FormerMembers.Former> kept) {
        GroupState head = membership.head().state();
        formers.restore(kept.stream()
                .filter(f -> !Arrays.equals(f.owner(), self) && !head.isMember(f.owner()))
                .toList());
    }

    /** The next iteration of each chain read, by the hex of its id (cheap: no secrets copied). */
    Map<String, Integer> positions() {
        return receiving.positions();
    }
}
