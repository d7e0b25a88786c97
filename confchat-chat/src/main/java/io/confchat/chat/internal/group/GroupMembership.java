package io.confchat.chat.internal.group;

import io.confchat.api.chat.GroupChange;
import io.confchat.api.chat.GroupId;
import io.confchat.api.chat.GroupInfo;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.dht.time.Scheduler;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Changes of membership (docs/architecture.md#group-chats): create, join, invite, remove, leave,
 * and the records other members publish ({@link #offer}). Every change is published to the DHT
 * first, then applied here, then told to the members ({@link ControlFanOut}: a control envelope
 * each, carrying the new record and, where the keys changed, this member's chain). Thread-safe:
 * held groups are used under {@link HeldGroups}' lock, and nothing outside (links, DHT) is called
 * while it is held.
 */
final class GroupMembership {
    /**
     * How long a member that left or was removed still shows what reaches it live of what was
     * sealed for it before (messages on their way; senders that had not applied the change yet).
     */
    static final Duration PARTING = Duration.ofMinutes(1);

    private final GroupArchive archive;
    private final Account me;
    private final SecureRandom random;
    private final Scheduler clock;
    private final HeldGroups held;
    private final ControlFanOut control;
    private final GroupLinks links;
    private final MemberNames names;

    GroupMembership(
            GroupArchive archive,
            Account me,
            SecureRandom random,
            Scheduler clock,
            HeldGroups held,
            ControlFanOut control,
            GroupLinks links) {
        this.archive = archive;
        this.me = me;
        this.random = random;
        this.clock = clock;
        this.held = held;
        this.control = control;
        this.links = links;
        this.names =
                new MemberNames(links::binding, me.username(), me.identity().publicKey(), this::now);
    }

    /** Creates a group with this user as its admin; {@code members} are invited. */
    CompletableFuture<GroupInfo> create(String name, List<UserKeys> members) {
        if (members.size() + 1 > GroupInfo.MAX_MEMBERS) {
            throw new IllegalArgumentException("a group has at most " + GroupInfo.MAX_MEMBERS + " members");
        }
        if (!GroupStates.isGroupName(name)) {
            throw new IllegalArgumentException("a group name is 1 to " + GroupStates.MAX_NAME_CHARS + " characters");
        }
        members.forEach(u -> names.vouched(u.username(), u.identityKey())); // resolved with the pins
        byte[] nonce = new byte[GroupStates.NONCE_BYTES];
        random.nextBytes(nonce);
        List<GroupMember> others = members.stream()
                .map(u -> new GroupMember(u.username(), u.identityKey(), false))
                .toList();
        byte[] record = NextEpoch.creation(me.identity(), me.username(), nonce, name, others, now());
        SignedGroupState genesis = GroupStates.decode(record).orElseThrow();
        return archive.publish(record, me.signer()).thenCompose(put -> {
            MembershipChain chain = MembershipChain.start(genesis).chain().orElseThrow();
            HeldGroup g = new HeldGroup(
                    GroupKeys.of(me.identity().publicKey(), chain, random), record, HeldGroup.Standing.JOINED, "");
            List<GroupKeys.Addressed> chains;
            synchronized (held) {
                held.add(g);
                chains = g.keys().distributionsToAll();
                held.keep(g);
            }
            return control.tell(record, chains, List.of()).thenApply(x -> held.info(g));
        });
    }

    /** Accepts an invitation: hands this user's chain to every member, then catches up. */
    CompletableFuture<GroupInfo> join(GroupId id, GroupCatchUp catchUp) {
        HeldGroup g = held.group(id);
        List<GroupKeys.Addressed> chains;
        byte[] record;
        synchronized (held) {
            if (g.standing() == HeldGroup.Standing.JOINED) {
                return CompletableFuture.completedFuture(held.info(g));
            }
            g.join();
            chains = g.keys().distributionsToAll();
            record = g.headRecord();
            held.keep(g);
        }
        return control.handOver(record, chains)
                .thenCompose(x -> catchUp.group(g))
                .thenApply(x -> held.info(g));
    }

    /** Adds {@code user} (an admin's change). */
    CompletableFuture<GroupInfo> invite(GroupId id, UserKeys user) {
        HeldGroup g = held.group(id);
        SignedGroupState head = g.keys().membershipHead();
        requireAdmin(g);
        if (head.state().isMember(user.identityKey())) {
            throw new IllegalArgumentException(user.username() + " is a member already");
        }
        if (head.state().members().size() >= GroupInfo.MAX_MEMBERS) {
            throw new IllegalArgumentException("a group has at most " + GroupInfo.MAX_MEMBERS + " members");
        }
        names.vouched(user.username(), user.identityKey()); // resolved with the pins
        GroupMember added = new GroupMember(user.username(), user.identityKey(), false);
        return change(g, NextEpoch.with(head, added));
    }

    /** Removes the member named {@code username} (an admin's change); the others rekey. */
    CompletableFuture<GroupInfo> remove(GroupId id, String username) {
        HeldGroup g = held.group(id);
        requireAdmin(g);
        GroupMember gone = g.keys().state().members().stream()
                .filter(m -> m.username().equals(username))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(username + " is not a member of the group"));
        if (gone.hasKey(me.identity().publicKey())) {
            throw new IllegalArgumentException("to leave a group, use leaveGroup");
        }
        GroupState s = g.keys().state();
        if (gone.admin()
                && Seniority.rank(s, gone.identityKey())
                        < Seniority.rank(s, me.identity().publicKey())) {
            throw new IllegalStateException(
                    username
                            + " is an admin who joined the group before you: only an admin who joined before them can remove them");
        }
        return change(g, NextEpoch.without(g.keys().membershipHead(), gone.identityKey()));
    }

    /**
     * Leaves (or declines) a group: a record removing this user, signed by it. The last admin's
     * leaving also makes the longest-standing other member an admin, in the same record, so a group
     * is never left without one; the group's only member just forgets it (no record can have no
     * members, and nobody is left to tell).
     */
    CompletableFuture<Void> leave(GroupId id) {
        HeldGroup g = held.group(id);
        List<GroupMember> rest = NextEpoch.handedOver(
                NextEpoch.without(g.keys().membershipHead(), me.identity().publicKey()));
        if (rest.isEmpty()) {
            held.forget(id);
            return CompletableFuture.completedFuture(null);
        }
        return change(g, rest).thenRun(() -> held.forget(id));
    }

    /**
     * Verifies the usernames {@code candidate} gives keys that {@code g}'s head does not hold
     * ({@link MemberNames}); call before {@link #offer}, which refuses the next link otherwise.
     *
     * @return the outcome; {@link NameBinding#MATCHES} without asking anything when {@code candidate}
     *     is not the next link (forged, stale, ahead): {@link #offer} refuses or defers it for that
     */
    CompletableFuture<NameBinding> verifyNames(HeldGroup g, SignedGroupState candidate) {
        GroupState before;
        synchronized (held) {
            before = g.keys().state();
            if (g.keys().check(candidate) != MembershipCheck.ACCEPTED) {
                // not the next link, or forged: offer refuses it for that; no lookup for it
                return CompletableFuture.completedFuture(NameBinding.MATCHES);
            }
        }
        return names.verify(Optional.of(before), candidate.state());
    }

    /** Verifies every username of an invitation's head (all new to this user); see {@link MemberNames}. */
    CompletableFuture<NameBinding> verifyNames(SignedGroupState head) {
        return names.verify(Optional.empty(), head.state());
    }

    /**
     * Offers a membership record to a held group; the next link is refused ({@link
     * MembershipCheck#UNVERIFIED_NAME}) unless {@link #verifyNames} verified its new bindings. On
     * acceptance, reports the change and returns this member's chain for the members who must get
     * it now (the caller sends them with {@link #tell}).
     */
    Applied offer(HeldGroup g, SignedGroupState candidate, byte[] record) {
        GroupKeys.Update u;
        synchronized (held) {
            if (g.keys().check(candidate) == MembershipCheck.ACCEPTED
                    && !names.allVerified(g.keys().state(), candidate.state())) {
                return new Applied(MembershipCheck.UNVERIFIED_NAME, List.of());
            }
            u = g.keys().offer(candidate, now());
            if (u.check() != MembershipCheck.ACCEPTED) {
                return new Applied(u.check(), List.of());
            }
            advanced(g, record);
        }
        return changed(g, candidate, u);
    }

    /**
     * Verifies the usernames of every link of {@code branch} against the record before it, as
     * {@link #verifyNames(HeldGroup, SignedGroupState)} does for one; call before {@link #switchTo}.
     */
    CompletableFuture<NameBinding> verifyNames(ForkChoice.Branch branch) {
        List<CompletableFuture<NameBinding>> each = new ArrayList<>();
        SignedGroupState parent = branch.anchor();
        for (SignedGroupState r : branch.path()) {
            each.add(names.verify(Optional.of(parent.state()), r.state()));
            parent = r;
        }
        return MemberNames.firstRefusal(each);
    }

    /**
     * Moves a held group to the branch {@link ForkChoice} chose, whose anchor is an ancestor of its
     * head (a member on the losing branch of a fork): along the links whose names were verified
     * ({@link #verifyNames(ForkChoice.Branch)}), as one change from the head held before (a member
     * it drops makes this member rekey). Reports the change; returns this member's chain for the
     * members who must get it now.
     */
    Applied switchTo(HeldGroup g, ForkChoice.Branch branch) {
        GroupKeys.Update u;
        SignedGroupState head;
        synchronized (held) {
            List<SignedGroupState> verified = new ArrayList<>();
            SignedGroupState parent = branch.anchor();
            for (SignedGroupState r : branch.path()) {
                if (!names.allVerified(parent.state(), r.state())) {
                    break;
                }
                verified.add(r);
                parent = r;
            }
            head = parent;
            if (java.util.Arrays.equals(head.hash(), g.keys().membershipHead().hash())) {
                return new Applied(MembershipCheck.STALE, List.of());
            }
            u = g.keys().switchTo(new ForkChoice.Branch(branch.anchor(), verified), now());
            if (u.check() != MembershipCheck.ACCEPTED) {
                return new Applied(u.check(), List.of());
            }
            advanced(g, GroupStates.encodeRecord(head));
        }
        return changed(g, head, u);
    }

    /**
     * The new head is kept, or the group forgotten once this user is no member, its chains read for
     * {@link #PARTING} more (what was on its way to it, see {@link HeldGroups#part}); under the lock.
     */
    private void advanced(HeldGroup g, byte[] record) {
        g.advanced(record);
        if (g.keys().isMember()) {
            held.keep(g);
        } else {
            held.forget(g.id());
            long shownUpTo = BranchFollower.shownUpTo(g.keys().state(), now());
            if (held.part(g, shownUpTo)) {
                clock.schedule(PARTING, () -> held.parted(g));
            }
        }
    }

    private Applied changed(HeldGroup g, SignedGroupState head, GroupKeys.Update u) {
        String by = g.nameOf(head.state().signerKey()).orElse("?");
        links.changed(new GroupChange(
                held.info(g),
                by,
                u.added().stream().map(GroupMember::username).toList(),
                u.removed().stream().map(GroupMember::username).toList()));
        return new Applied(u.check(), g.joined() ? u.distributions() : List.of());
    }

    /** Hands this member's chain over, naming {@code record}; see {@link ControlFanOut#handOver}. */
    CompletableFuture<Void> handOver(byte[] record, List<GroupKeys.Addressed> chains) {
        return control.handOver(record, chains);
    }

    /** What {@link #offer} did, and this member's chain for the members who must get it now. */
    record Applied(MembershipCheck check, List<GroupKeys.Addressed> chains) {}

    private CompletableFuture<GroupInfo> change(HeldGroup g, List<GroupMember> members) {
        SignedGroupState before = g.keys().membershipHead();
        byte[] record = NextEpoch.change(before, members, me.identity(), now());
        SignedGroupState next = GroupStates.decode(record).orElseThrow();
        return archive.publish(record, me.signer()).thenCompose(put -> {
            Applied applied = offer(g, next, record);
            if (applied.check() != MembershipCheck.ACCEPTED) {
                throw new IllegalStateException("the group changed meanwhile (" + applied.check() + "); try again");
            }
            // everyone of either epoch learns of the change; the removed too, so they stop sending
            List<GroupMember> told = new ArrayList<>(before.state().members());
            next.state().members().stream()
                    .filter(m -> !before.state().isMember(m.identityKey()))
                    .forEach(told::add);
            return control.tell(record, applied.chains(), told).thenApply(x -> held.info(g));
        });
    }

    private void requireAdmin(HeldGroup g) {
        if (!g.keys().state().isAdmin(me.identity().publicKey()) || !g.keys().isMember()) {
            throw new IllegalStateException("only an admin of the group can change its members");
        }
    }

    /** This member's clock (millis). */
    long now() {
        return clock.now().toEpochMilli();
    }
}
