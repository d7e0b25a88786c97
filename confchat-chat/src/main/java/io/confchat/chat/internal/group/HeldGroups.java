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
import java.util.concurrent.ConcurrentHashMap;

/**
 * The groups one login holds (a member, or invited), and the lock under which every {@link
 * HeldGroup} is used: this object's monitor. The group code synchronizes on it around each use of a
 * held group's keys, and calls nothing outside (links, DHT) while it holds it. Each held group is
 * kept on the device ({@link GroupLinks#keep}) when it changes.
 */
final class HeldGroups {
    private final Map<GroupId, HeldGroup> held = new ConcurrentHashMap<>();
    private final GroupLinks links;
    private final byte[] self;
    private final SecureRandom random;

    /** @param self this user's identity key */
    HeldGroups(GroupLinks links, byte[] self, SecureRandom random) {
        this.links = links;
        this.self = self;
        this.random = random;
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

    /** Restores the groups a device kept (at login); states that do not decode are skipped. */
    synchronized void restore(Collection<byte[]> states) {
        for (byte[] state : states) {
            GroupSnapshots.decode(state, self, random)
                    .filter(g -> g.keys().isMember())
                    .ifPresent(g -> held.putIfAbsent(g.id(), g));
        }
    }

    /** Remembers a held group's state on the device, durably; call with this object's lock held. */
    synchronized void keep(HeldGroup g) {
        links.keep(g.id(), GroupSnapshots.encode(g));
    }

    /** Forgets a group this user is no longer in, here and on the device. */
    void forget(GroupId id) {
        held.remove(id);
        links.keep(id, new byte[0]);
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
