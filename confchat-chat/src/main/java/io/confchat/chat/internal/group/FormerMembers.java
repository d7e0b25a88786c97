package io.confchat.chat.internal.group;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The members removed from a group (or who left it) while this member stayed, so that a chain one
 * of them handed over for an epoch before its removal, which reaches this member only after the
 * removal was applied (an inbox item read after the removal's, a member offline meanwhile), is
 * still read: once, its messages shown only up to the removal (docs/architecture.md#group-chats,
 * "A removal"). A removed member holds its chains' signing keys and could mint more of them, so
 * such a chain is read only within {@link #LATE_WINDOW} of this member applying the removal (by
 * this member's clock: what was on its way comes with the inbox read that brought the removal, or
 * the next ones), each former member gets at most {@value #LATE_CHAINS} such chains read, and only
 * the {@value #MAX_REMEMBERED} latest removals are remembered. Not thread-safe: {@link GroupKeys}
 * owns it.
 */
final class FormerMembers {
    /** Late chains read per former member: its chain of the epoch it was removed from, and one before. */
    static final int LATE_CHAINS = GroupKeys.CHAINS_PER_MEMBER;
    /** Former members remembered, the latest removals (each a few dozen bytes kept). */
    static final int MAX_REMEMBERED = 64;
    /** How long after this member applied a removal a late chain of the removed member is read. */
    static final Duration LATE_WINDOW = Duration.ofMinutes(10);

    /**
     * A former member: removed by the record of epoch {@code removedIn}, its messages shown if sent
     * up to {@code shownUpToMillis} (the removing record's time, or this member's when that is
     * earlier, plus clock skew: {@link BranchFollower#shownUpTo}), its late chains read until {@code
     * lateUntilMillis} (this member's clock), and the ids of the late chains read of it.
     */
    record Former(
            byte[] owner, long removedIn, long shownUpToMillis, long lateUntilMillis, List<byte[]> lateChainsRead) {}

    /** What {@link #mayRead} decided. */
    enum LateChain {
        /** A chain to read once, up to the removal. */
        READ,
        /** Not a former member, or a chain of an epoch from its removal on. */
        NOT_BEFORE_A_REMOVAL,
        /** Read before. */
        READ_BEFORE,
        /** This former member's late chains were all read. */
        NO_MORE
    }

    private final Map<String, Former> formers = new LinkedHashMap<>();

    /**
     * {@code owner} was removed by the record of epoch {@code removedIn}, applied at {@code
     * appliedAtMillis} by this member's clock; see {@link Former}.
     */
    void removed(byte[] owner, long removedIn, long shownUpToMillis, long appliedAtMillis) {
        formers.remove(hex(owner)); // removed again: the latest removal counts
        formers.put(
                hex(owner),
                new Former(
                        owner.clone(),
                        removedIn,
                        shownUpToMillis,
                        appliedAtMillis + LATE_WINDOW.toMillis(),
                        List.of()));
        forgetTheOldest();
    }

    /** {@code owner} is a member again: its chains are taken as any member's. */
    void returned(byte[] owner) {
        formers.remove(hex(owner));
    }

    /** Whether the chain {@code chainId} of {@code owner}, handed over for {@code epoch}, is read once. */
    LateChain mayRead(byte[] owner, long epoch, byte[] chainId) {
        Former f = formers.get(hex(owner));
        if (f == null || epoch >= f.removedIn()) {
            return LateChain.NOT_BEFORE_A_REMOVAL;
        }
        if (f.lateChainsRead().stream().anyMatch(id -> Arrays.equals(id, chainId))) {
            return LateChain.READ_BEFORE;
        }
        return f.lateChainsRead().size() >= LATE_CHAINS ? LateChain.NO_MORE : LateChain.READ;
    }

    /** The former member {@code owner}, if remembered. */
    java.util.Optional<Former> of(byte[] owner) {
        return java.util.Optional.ofNullable(formers.get(hex(owner)));
    }

    /** The late chain {@code chainId} of {@code owner} was read. */
    void read(byte[] owner, byte[] chainId) {
        Former f = formers.get(hex(owner));
        if (f != null
                && f.lateChainsRead().size() < LATE_CHAINS
                && f.lateChainsRead().stream().noneMatch(id -> Arrays.equals(id, chainId))) {
            List<byte[]> read = new ArrayList<>(f.lateChainsRead());
            read.add(chainId.clone());
            formers.put(
                    hex(owner),
                    new Former(f.owner(), f.removedIn(), f.shownUpToMillis(), f.lateUntilMillis(), List.copyOf(read)));
        }
    }

    /** Whether {@code owner} is remembered as a former member. */
    boolean remembers(byte[] owner) {
        return formers.containsKey(hex(owner));
    }

    /** Every former member, oldest removal first (kept across a restart). */
    List<Former> kept() {
        return List.copyOf(formers.values());
    }

    /** Former members kept by {@link #kept()}, in order (the limits applied again). */
    void restore(List<Former> kept) {
        for (Former f : kept) {
            formers.put(hex(f.owner()), f);
        }
        forgetTheOldest();
    }

    private void forgetTheOldest() {
        Iterator<String> oldestFirst = formers.keySet().iterator();
        while (formers.size() > MAX_REMEMBERED) {
            oldestFirst.next();
            oldestFirst.remove();
        }
    }

    void clear() {
        formers.clear();
    }

    private static String hex(byte[] key) {
        return HexFormat.of().formatHex(key);
    }
}
