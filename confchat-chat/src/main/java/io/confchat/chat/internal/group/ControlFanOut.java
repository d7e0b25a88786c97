package io.confchat.chat.internal.group;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Tells members of a membership record, each in a control envelope of its own ({@link
 * GroupLinks#sendControl}): a change this member made, whole, with this member's chain to those
 * who must get it and alone to the others told ({@link #tell}); a chain handed over otherwise,
 * naming the record to members that hold the group ({@link #handOver}). Thread-safe (holds no
 * state).
 */
final class ControlFanOut {
    private final GroupLinks links;
    private final byte[] self;
    private final SecureRandom random;

    /** @param self this user's identity key */
    ControlFanOut(GroupLinks links, byte[] self, SecureRandom random) {
        this.links = links;
        this.self = self;
        this.random = random;
    }

    /**
     * Sends {@code record}, a change this member made, with this member's chain to each addressed
     * member, and alone to the other members of {@code alsoTold} (never to this user twice or to
     * itself).
     */
    CompletableFuture<Void> tell(byte[] record, List<GroupKeys.Addressed> chains, List<GroupMember> alsoTold) {
        Map<String, CompletableFuture<Void>> sends = new LinkedHashMap<>();
        for (GroupKeys.Addressed a : chains) {
            GroupMember to = a.recipient();
            byte[] id = controlId();
            byte[] envelope = GroupEnvelopes.control(record, Optional.of(a.distribution()), id);
            sends.put(to.username(), links.sendControl(to.username(), to.identityKey(), envelope, envelope, id));
        }
        for (GroupMember to : alsoTold) {
            if (!to.hasKey(self) && !sends.containsKey(to.username())) {
                byte[] id = controlId();
                byte[] envelope = GroupEnvelopes.control(record, Optional.empty(), id);
                sends.put(to.username(), links.sendControl(to.username(), to.identityKey(), envelope, envelope, id));
            }
        }
        // a member whose inbox could not take it now gets the record at its next catch-up (the DHT)
        return CompletableFuture.allOf(
                sends.values().stream().map(f -> f.handle((x, e) -> null)).toArray(CompletableFuture[]::new));
    }

    /**
     * Hands this member's chain to each addressed member with {@code record} (this member's newest
     * membership record): whole live; in the inbox, named by its epoch and hash to members that
     * hold the group ({@link GroupEnvelopes#handOver}), whole to the others. For hand-overs that
     * tell of no change of this member's own: a rekey after another member's change, a join, a
     * restart.
     */
    CompletableFuture<Void> handOver(byte[] record, List<GroupKeys.Addressed> chains) {
        SignedGroupState named = GroupStates.decode(record).orElseThrow();
        List<CompletableFuture<Void>> sends = new ArrayList<>(chains.size());
        for (GroupKeys.Addressed a : chains) {
            byte[] id = controlId();
            // live, the record whole: a member online may get this before the change's own item,
            // and then follows the record at once instead of reading the membership from the DHT
            byte[] whole = GroupEnvelopes.control(record, Optional.of(a.distribution()), id);
            byte[] forInbox = a.holdsGroup() ? GroupEnvelopes.handOver(named, a.distribution(), id) : whole;
            sends.add(links.sendControl(a.recipient().username(), a.recipient().identityKey(), whole, forInbox, id)
                    .handle((x, e) -> null));
        }
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
    }

    private byte[] controlId() {
        byte[] id = new byte[GroupEnvelopes.CONTROL_ID_BYTES];
        random.nextBytes(id);
        return id;
    }
}
