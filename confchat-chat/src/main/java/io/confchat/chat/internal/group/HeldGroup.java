package io.confchat.chat.internal.group;

import io.confchat.api.chat.GroupId;
import io.confchat.api.chat.GroupInfo;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A group one login holds: its keys, how far this user is in it, the newest membership record as
 * published (to hand to other members), and the names of the current members, of the owners of
 * the chains it still reads and of the former members it remembers (so that a message caught up
 * after its sender left still shows under the sender's name); other names are dropped, so the kept state stays within {@link
 * GroupSnapshots#MAX_BYTES} however many epochs go by.
 *
 * <pre>
 *   INVITED ──joinGroup──> JOINED ──removed / left──> (dropped)
 *      └──────leaveGroup (declines)──────────────────────^
 * </pre>
 *
 * Not thread-safe: used under {@link HeldGroups}' lock.
 */
final class HeldGroup {
    /** How far this user is in the group. */
    enum Standing {
        /** Made a member by an admin; nothing shown or sent until it joins. */
        INVITED,
        /** Takes part: messages shown, its chain handed out. */
        JOINED
    }

    private final GroupKeys keys;
    private final String invitedBy;
    private final Map<String, String> names = new HashMap<>();
    private Standing standing;
    private byte[] headRecord;

    HeldGroup(GroupKeys keys, byte[] headRecord, Standing standing, String invitedBy) {
        this.keys = keys;
        this.headRecord = headRecord.clone();
        this.standing = standing;
        this.invitedBy = invitedBy;
        noteNames();
    }

    /** A group kept across a restart, with the names it knew. */
    static HeldGroup restore(
            GroupKeys keys, byte[] headRecord, Standing standing, String invitedBy, Map<String, String> names) {
        HeldGroup g = new HeldGroup(keys, headRecord, standing, invitedBy);
        names.forEach(g.names::putIfAbsent);
        g.pruneNames();
        return g;
    }

    /** The names known, by the hex of the identity key. */
    Map<String, String> names() {
        return Map.copyOf(names);
    }

    GroupKeys keys() {
        return keys;
    }

    GroupId id() {
        return GroupId.of(keys.state().groupId());
    }

    Standing standing() {
        return standing;
    }

    boolean joined() {
        return standing == Standing.JOINED && keys.isMember();
    }

    void join() {
        standing = Standing.JOINED;
    }

    String invitedBy() {
        return invitedBy;
    }

    /** The newest membership record this member verified, as signed (an encoded GroupMembership). */
    byte[] headRecord() {
        return headRecord.clone();
    }

    /** A record {@link GroupKeys#offer} accepted: the new head. */
    void advanced(byte[] record) {
        headRecord = record.clone();
        noteNames();
    }

    /** The username of a member (now or earlier) with this identity key. */
    Optional<String> nameOf(byte[] identityKey) {
        return Optional.ofNullable(names.get(HexFormat.of().formatHex(identityKey)));
    }

    /** The group as the API shows it. */
    GroupInfo info() {
        GroupState s = keys.state();
        return new GroupInfo(
                id(),
                s.name(),
                s.epoch(),
                s.members().stream()
                        .map(m -> new io.confchat.api.chat.GroupMember(m.username(), m.admin()))
                        .sorted(Comparator.comparing(io.confchat.api.chat.GroupMember::username))
                        .toList(),
                standing == Standing.JOINED);
    }

    private void noteNames() {
        for (GroupMember m : keys.state().members()) {
            names.put(HexFormat.of().formatHex(m.identityKey()), m.username());
        }
        pruneNames();
    }

    /**
     * Keeps the names of current members, of owners of chains still read, and of former members
     * whose late chains are still read ({@link FormerMembers}); drops the rest.
     */
    private void pruneNames() {
        Set<String> needed = new HashSet<>();
        keys.state().members().forEach(m -> needed.add(HexFormat.of().formatHex(m.identityKey())));
        keys.heldChains().forEach(c -> needed.add(HexFormat.of().formatHex(c.owner())));
        names.keySet()
                .removeIf(k -> !needed.contains(k)
                        && !keys.isFormerMember(HexFormat.of().parseHex(k)));
    }
}
