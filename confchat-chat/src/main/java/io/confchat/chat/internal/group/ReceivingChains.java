package io.confchat.chat.internal.group;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The chains of the other members that one member reads in one group, by chain id, in the order
 * they arrived: at most {@value GroupKeys#CHAINS_PER_MEMBER} per member, and of one member's chains
 * the oldest (by epoch, then by arrival) goes first when another comes. Whether a chain may be
 * taken at all is {@link GroupKeys}' to decide. Not thread-safe: {@link GroupKeys} owns it.
 */
final class ReceivingChains {
    private final byte[] groupId;
    private final Map<String, Held> chains = new LinkedHashMap<>();
    /**
     * Of chains taken with a hand-over saying how far their owner's chain before went, that length,
     * until the chain before was read that far or it stopped mattering ({@link #stopWaiting}); in
     * memory only.
     */
    private final Map<String, Integer> previousLengths = new HashMap<>();

    ReceivingChains(byte[] groupId) {
        this.groupId = groupId.clone();
    }

    private record Held(byte[] owner, long epoch, ReceivingChain chain) {}

    boolean holds(byte[] chainId) {
        return chains.containsKey(hex(chainId));
    }

    /** Takes {@code chain} of {@code owner}, handed over in {@code epoch}; drops the owner's oldest beyond the limit. */
    void take(byte[] owner, long epoch, ReceivingChain chain) {
        chains.put(hex(chain.chainId()), new Held(owner.clone(), epoch, chain));
        dropOldChainsOf(owner);
    }

    /** The same, its hand-over saying {@code previousLength} messages went on the owner's chain before it. */
    void take(byte[] owner, long epoch, ReceivingChain chain, int previousLength) {
        take(owner, epoch, chain);
        if (previousLength > 0 && holds(chain.chainId())) {
            previousLengths.put(hex(chain.chainId()), previousLength);
        }
    }

    /**
     * True while the owner's chain taken before {@code chainId} (by arrival) has not been read as
     * far as {@code chainId}'s hand-over said it went: its messages would show before older ones.
     */
    boolean waitsForOlder(byte[] chainId) {
        String id = hex(chainId);
        Integer previousLength = previousLengths.get(id);
        if (previousLength == null) {
            return false;
        }
        List<Held> older = olderOf(id);
        return !older.isEmpty() && older.get(older.size() - 1).chain().firstUnopened() < previousLength;
    }

    /** {@code chainId} waits for no older chain any more (read, or waited for long enough). */
    void stopWaiting(byte[] chainId) {
        previousLengths.remove(hex(chainId));
    }

    /** The owners (hex identity keys) of the chains held: the members that handed this member a chain. */
    java.util.Set<String> owners() {
        java.util.Set<String> out = new java.util.HashSet<>();
        chains.values().forEach(h -> out.add(hex(h.owner())));
        return out;
    }

    /** The chains of {@code chainId}'s owner taken before it, in the order they came. */
    List<GroupKeys.HeldChain> olderThan(byte[] chainId) {
        return olderOf(hex(chainId)).stream().map(ReceivingChains::heldChain).toList();
    }

    /** The chains of {@code id}'s owner held before it, oldest first (none if it is not held). */
    private List<Held> olderOf(String id) {
        Held newer = chains.get(id);
        List<Held> out = new ArrayList<>();
        for (Map.Entry<String, Held> e : chains.entrySet()) {
            if (newer == null || e.getKey().equals(id)) {
                break;
            }
            if (Arrays.equals(e.getValue().owner(), newer.owner())) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    /**
     * A chain taken after the state kept across a restart, taken again as it was then (the owner's
     * oldest beyond the limit dropped, as then).
     */
    void retake(KeptKeys.Chain c) {
        take(c.owner(), c.epoch(), ReceivingChain.restore(groupId, c.chain()));
    }

    /** A chain kept across a restart (no limit applied: it was applied when the chain came). */
    void restore(KeptKeys.Chain c) {
        chains.put(
                hex(c.chain().chainId()),
                new Held(c.owner().clone(), c.epoch(), ReceivingChain.restore(groupId, c.chain())));
    }

    /** Where the chain {@code chainId} stands, if held (see {@link KeptKeys#position}). */
    Optional<ChainPosition> position(byte[] chainId) {
        Held h = chains.get(hex(chainId));
        if (h == null) {
            return Optional.empty();
        }
        ReceivingChain.Kept k = h.chain().kept();
        return Optional.of(new ChainPosition(k.chainId(), k.chainKey(), k.iteration(), k.skipped()));
    }

    /** Moves a chain held to a position kept after it; never back (see {@link KeptKeys#restore(ChainPosition)}). */
    KeptKeys.PositionRestore restore(ChainPosition p) {
        String id = hex(p.chainId());
        Held h = chains.get(id);
        if (h == null) {
            return KeptKeys.PositionRestore.UNKNOWN_CHAIN;
        }
        if (p.iteration() < h.chain().nextIteration()) {
            return KeptKeys.PositionRestore.BEHIND;
        }
        ReceivingChain.Kept k = new ReceivingChain.Kept(p.chainId(), p.chainKey(), p.iteration(), p.skipped());
        chains.put(id, new Held(h.owner(), h.epoch(), ReceivingChain.restore(groupId, k))); // keeps its place
        return KeptKeys.PositionRestore.APPLIED;
    }

    /**
     * Takes the positions of another device of the user: a chain held moves to the position given
     * when that is ahead; a chain not held is taken when {@code mayRead} allows its owner.
     *
     * @return how many chains moved or were taken
     */
    int adoptPositions(List<KeptKeys.Chain> positions, Predicate<byte[]> mayRead) {
        int changed = 0;
        for (KeptKeys.Chain c : positions) {
            Held held = chains.get(hex(c.chain().chainId()));
            if (held != null) {
                changed +=
                        held.chain().advanceTo(c.chain().chainKey(), c.chain().iteration()) ? 1 : 0;
            } else if (mayRead.test(c.owner())) {
                ReceivingChain.Kept position = new ReceivingChain.Kept(
                        c.chain().chainId(), c.chain().chainKey(), c.chain().iteration(), Map.of());
                take(c.owner(), c.epoch(), ReceivingChain.restore(groupId, position));
                changed++;
            }
        }
        return changed;
    }

    /** The next iteration of each chain, by the hex of its id (cheap: no secrets copied). */
    Map<String, Integer> positions() {
        Map<String, Integer> out = new HashMap<>();
        chains.forEach((id, h) -> out.put(id, h.chain().nextIteration()));
        return out;
    }

    /** The chain {@code chainId} as kept across a restart, if held. */
    Optional<KeptKeys.Chain> kept(byte[] chainId) {
        return Optional.ofNullable(chains.get(hex(chainId)))
                .map(h -> new KeptKeys.Chain(
                        h.owner().clone(), h.epoch(), h.chain().kept()));
    }

    /** Every chain as kept across a restart. */
    List<KeptKeys.Chain> kept() {
        return chains.values().stream()
                .map(h -> new KeptKeys.Chain(
                        h.owner().clone(), h.epoch(), h.chain().kept()))
                .toList();
    }

    /** Drops the chains of owners {@code gone} says are gone. */
    void dropOwners(Predicate<byte[]> gone) {
        chains.values().removeIf(h -> gone.test(h.owner()));
        previousLengths.keySet().retainAll(chains.keySet());
    }

    /** Tags no chain with an epoch above {@code epoch} (a switch to a branch whose head is lower); order kept. */
    void capEpochs(long epoch) {
        chains.replaceAll((id, h) -> h.epoch() > epoch ? new Held(h.owner(), epoch, h.chain()) : h);
    }

    void clear() {
        chains.clear();
        previousLengths.clear();
    }

    /** The chains, each with the first iteration not opened yet. */
    List<GroupKeys.HeldChain> held() {
        return chains.values().stream().map(ReceivingChains::heldChain).toList();
    }

    /** The chain with this id, if held. */
    Optional<GroupKeys.HeldChain> held(byte[] chainId) {
        return Optional.ofNullable(chains.get(hex(chainId))).map(ReceivingChains::heldChain);
    }

    /** True when {@code m} verifies as a message of a chain held whose iteration was opened before. */
    boolean openedBefore(SealedGroupMessage m) {
        Held held = chains.get(hex(m.chainId()));
        return held != null && held.chain().openedBefore(m);
    }

    /** Opens a message of a chain held, naming the member whose chain it is. */
    GroupKeys.Received open(SealedGroupMessage m) {
        Held held = chains.get(hex(m.chainId()));
        if (held == null) {
            return new GroupKeys.Received.UnknownChain();
        }
        ReceivingChain.Opened opened = held.chain().open(m);
        if (opened instanceof ReceivingChain.Opened.Text t) {
            return new GroupKeys.Received.Text(held.owner().clone(), t.iteration(), t.text());
        }
        return new GroupKeys.Received.Refused(((ReceivingChain.Opened.Refused) opened).reason());
    }

    private static GroupKeys.HeldChain heldChain(Held h) {
        return new GroupKeys.HeldChain(
                h.chain().chainId(), h.owner().clone(), h.epoch(), h.chain().firstUnopened());
    }

    private void dropOldChainsOf(byte[] owner) {
        List<Map.Entry<String, Held>> of = new ArrayList<>(chains.entrySet().stream()
                .filter(e -> Arrays.equals(e.getValue().owner(), owner))
                .toList());
        of.sort((a, b) -> Long.compare(a.getValue().epoch(), b.getValue().epoch()));
        for (int i = 0; i < of.size() - GroupKeys.CHAINS_PER_MEMBER; i++) {
            chains.remove(of.get(i).getKey());
            previousLengths.remove(of.get(i).getKey());
        }
    }

    private static String hex(byte[] id) {
        return HexFormat.of().formatHex(id);
    }
}
