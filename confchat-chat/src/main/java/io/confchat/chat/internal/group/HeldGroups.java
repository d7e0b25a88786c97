package io.confchat.chat.internal.group;

import io.confchat.api.chat.GroupId;
import io.confchat.api.chat.GroupInfo;
import io.confchat.api.chat.GroupInvitation;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The groups one login holds (a member, or invited), and the lock under which every {@link
 * HeldGroup} is used: this object's monitor. The group code synchronizes on it around each use of a
 * held group's keys, and calls nothing outside (links, DHT) while it holds it. Each held group is
 * kept on the device when it changes: the whole state ({@link #keep}) after a change of membership,
 * only the chain taken ({@link #keepChain}) after a chain handed over was accepted, only a chain's
 * position ({@link #keepPosition}) after a message sealed or opened.
 */
final class HeldGroups {
    private static final Logger log = LoggerFactory.getLogger(HeldGroups.class);

    /**
     * Chains taken after a group's state that are kept alone ({@link #keepChain}); the next one
     * keeps the whole state: a removal in a group of 100 makes each member take 98.
     */
    static final int CHAINS_AFTER_A_STATE = GroupKeys.CHAINS_PER_MEMBER * (GroupStates.MAX_MEMBERS - 1);

    private final Map<GroupId, HeldGroup> held = new ConcurrentHashMap<>();
    /** Of each group kept, the chains kept alone since its whole state. */
    private final Map<GroupId, Integer> chainsAfterState = new ConcurrentHashMap<>();
    /** Groups this user just left or was removed from, their chains still read ({@link #part}). */
    private final Map<GroupId, Parting> parting = new ConcurrentHashMap<>();

    private final GroupLinks links;
    private final byte[] self;
    private final SecureRandom random;
    private final GroupBackups backups;

    /**
     * @param self this user's identity key
     * @param backups the user's key backups, kept current as the groups change
     */
    HeldGroups(GroupLinks links, byte[] self, SecureRandom random, GroupBackups backups) {
        this.links = links;
        this.self = self;
        this.random = random;
        this.backups = backups;
    }

    /** True when this login holds the group (a member, or invited). */
    boolean holds(GroupId id) {
        return held.containsKey(id);
    }

    /** The held group {@code id}, if any. */
    Optional<HeldGroup> find(GroupId id) {
        return Optional.ofNullable(held.get(id));
    }

    /**
     * The held group {@code id}.
     *
     * @throws IllegalArgumentException if this login holds no such group
     */
    HeldGroup group(GroupId id) {
        HeldGroup g = held.get(id);
        if (g == null) {
            throw new IllegalArgumentException("no group " + id + " here");
        }
        return g;
    }

    /** The first iteration of the chain {@code chainId} of {@code g} not opened yet; -1 when it is not held. */
    int firstUnopened(HeldGroup g, byte[] chainId) {
        synchronized (this) {
            return g.keys()
                    .heldChain(chainId)
                    .map(GroupKeys.HeldChain::firstUnopened)
                    .orElse(-1);
        }
    }

    /** True when a member of a group this user joined has the identity key {@code key}. */
    boolean joinedWith(byte[] key) {
        synchronized (this) {
            return held.values().stream()
                    .anyMatch(g -> g.joined() && g.keys().state().isMember(key));
        }
    }

    /** The held groups. */
    List<HeldGroup> all() {
        return List.copyOf(held.values());
    }

    /** The held groups, sorted by name. */
    List<GroupInfo> list() {
        return held.values().stream()
                .map(this::info)
                .sorted(Comparator.comparing(GroupInfo::name).thenComparing(GroupInfo::id))
                .toList();
    }

    /** A group created here (not yet kept); call with this object's lock held. */
    synchronized void add(HeldGroup g) {
        held.put(g.id(), g);
    }

    /** A group newly verified from an invitation; false when one was adopted meanwhile. */
    synchronized boolean adopt(HeldGroup g) {
        if (held.putIfAbsent(g.id(), g) != null) {
            return false;
        }
        keep(g);
        return true;
    }

    /**
     * Restores the groups a device kept (at login): each state, the chains taken after it (in the
     * order taken), then the chain positions kept after it. A group whose state or one of whose
     * chains or positions does not decode is skipped (a position left out could be the sending
     * chain's: restored behind it, the chain would use a message key twice).
     */
    synchronized void restore(Collection<KeptGroup> kept) {
        for (KeptGroup k : kept) {
            Optional<HeldGroup> restored = GroupSnapshots.decode(k.state(), self, random);
            List<Optional<KeptKeys.Chain>> chains =
                    k.chains().stream().map(TakenChains::decode).toList();
            List<Optional<ChainPosition>> positions =
                    k.positions().stream().map(ChainPositions::decode).toList();
            if (restored.isEmpty()
                    || chains.stream().anyMatch(Optional::isEmpty)
                    || positions.stream().anyMatch(Optional::isEmpty)) {
                log.warn("a group kept on this device does not decode: skipped");
                continue;
            }
            HeldGroup g = restored.get();
            if (g.keys().isMember()) {
                chains.forEach(c -> g.keys().kept().retake(c.get()));
                positions.forEach(p -> g.keys().kept().restore(p.get()));
                if (held.putIfAbsent(g.id(), g) == null) {
                    chainsAfterState.put(g.id(), chains.size());
                }
            }
        }
    }

    /**
     * Remembers a held group's whole state on the device, durably (in place of the state and
     * positions kept before): after a change of membership or of the chains held; and in the
     * user's key backup when it changed materially ({@link GroupBackups}). Call with this object's
     * lock held.
     */
    synchronized void keep(HeldGroup g) {
        links.keep(g.id(), GroupSnapshots.encode(g));
        chainsAfterState.put(g.id(), 0);
        backups.note(g);
    }

    /**
     * Remembers that a held group took the chain {@code chainId}, durably: after a chain handed over
     * was accepted, when nothing else changed. A few hundred bytes after the group's state ({@link
     * TakenChains}) in place of the whole state (up to {@link GroupSnapshots#MAX_BYTES}); the whole
     * state if the chain is not held as handed over, or after {@link #CHAINS_AFTER_A_STATE} chains
     * kept so since the last. A restore takes the chains again in this order over the state, so
     * the owner's oldest chain is dropped as it was. The key backup is kept as by {@link #keep}.
     * Call with this object's lock held.
     */
    synchronized void keepChain(HeldGroup g, byte[] chainId) {
        Optional<KeptKeys.Chain> c = g.keys().kept().chain(chainId);
        int after = chainsAfterState.getOrDefault(g.id(), CHAINS_AFTER_A_STATE);
        if (c.isEmpty() || !c.get().chain().skipped().isEmpty() || after >= CHAINS_AFTER_A_STATE) {
            keep(g);
            return;
        }
        links.keepChain(g.id(), chainId, TakenChains.encode(c.get()));
        chainsAfterState.put(g.id(), after + 1);
        backups.note(g);
    }

    /**
     * Remembers where the chain {@code chainId} of a held group stands, durably: after a message was
     * sealed on it or opened from it, when nothing else changed. A few dozen bytes in place of the
     * whole state (up to {@link GroupSnapshots#MAX_BYTES}); the whole state if the chain is not held.
     * Call with this object's lock held.
     */
    synchronized void keepPosition(HeldGroup g, byte[] chainId) {
        Optional<ChainPosition> p = g.keys().kept().position(chainId);
        if (p.isEmpty()) {
            keep(g);
            return;
        }
        links.keepPosition(g.id(), chainId, ChainPositions.encode(p.get()));
        backups.moved(g, chainId, p.get().iteration());
    }

    /** Holds {@code g} in place of any state of its group (restored from the user's key backup). */
    synchronized void replace(HeldGroup g) {
        held.put(g.id(), g);
        keep(g);
    }

    /** Forgets a group this user is no longer in, here, on the device and in its key backup. */
    void forget(GroupId id) {
        held.remove(id);
        chainsAfterState.remove(id);
        links.keep(id, new byte[0]);
        backups.forget(id);
    }

    /**
     * A group this user just left or was removed from ({@code g}, forgotten): what was sealed for it
     * while it was a member and reaches it live for a moment still shows (its senders had not
     * applied the change yet, or the message was on its way), each message only if its sender says
     * it was sent up to {@code shownUpToMillis}; nothing is kept on the device or in the backup,
     * and the chains are forgotten at {@link #parted}. Call with this object's lock held.
     *
     * @return false (and the chains forgotten now) when {@code g} was not joined or reads no chain
     */
    synchronized boolean part(HeldGroup g, long shownUpToMillis) {
        if (g.standing() != HeldGroup.Standing.JOINED || g.keys().heldChains().isEmpty()) {
            g.keys().forgetChains();
            return false;
        }
        parting.put(g.id(), new Parting(g, shownUpToMillis));
        return true;
    }

    /** A group being parted from ({@link #part}), if {@code id} is one. */
    Optional<Parting> parting(GroupId id) {
        return Optional.ofNullable(parting.get(id));
    }

    /**
     * The parting from {@code g} is over: its chains are forgotten. A later parting of the same
     * group (another held group: this user was re-invited, joined and left again) goes on.
     */
    synchronized void parted(HeldGroup g) {
        parting.computeIfPresent(g.id(), (id, p) -> p.group() == g ? null : p);
        g.keys().forgetChains();
    }

    /** A group being parted from, and up to when (millis, by its senders' clocks) its messages show. */
    record Parting(HeldGroup group, long shownUpToMillis) {}

    /** Writes the key backups whose positions moved a little since; see {@link GroupBackups#flush}. */
    CompletableFuture<Void> flushBackups() {
        return backups.flush(all(), this);
    }

    /** What the API shows of {@code g}. */
    GroupInfo info(HeldGroup g) {
        synchronized (this) {
            return g.info();
        }
    }

    /** The invitation a newly adopted group makes. */
    GroupInvitation invitation(HeldGroup g) {
        return new GroupInvitation(info(g), g.invitedBy());
    }
}
