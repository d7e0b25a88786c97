package io.confchat.chat.internal.group;

import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.GroupChange;
import io.confchat.api.chat.GroupDelivery;
import io.confchat.api.chat.GroupId;
import io.confchat.api.chat.GroupInfo;
import io.confchat.api.chat.GroupInvitation;
import io.confchat.api.chat.GroupMessage;
import io.confchat.api.chat.MessageId;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.dht.time.Scheduler;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The group chats of one login (docs/architecture.md#group-chats): what the API's group methods do,
 * over {@link GroupKeys} per group, the group's records in the DHT ({@link GroupArchive}) and the
 * pairwise channels the login offers ({@link GroupLinks}). Incoming envelopes are {@link
 * GroupIntake}'s; catching up is {@link GroupCatchUp}'s.
 *
 * <p>Every change of membership is published to the DHT first, then applied here, then told to the
 * members (a control envelope each, carrying the new record and, where the keys changed, this
 * member's chain). Thread-safe: the held groups are used under this object's lock, and nothing
 * outside (links, DHT) is called while it is held.
 */
public final class Groups {
    private final GroupArchive archive;
    private final Account me;
    private final SecureRandom random;
    private final Scheduler clock;
    private final GroupLinks links;
    private final GroupDeliveries deliveries;
    private final StoredCopies copies;
    private final MemberNames names;
    private final Map<GroupId, HeldGroup> held = new ConcurrentHashMap<>();

    /** @param ackTimeout how long a live send waits for receipts before it reports members QUEUED */
    Groups(
            GroupArchive archive,
            Account me,
            SecureRandom random,
            Scheduler clock,
            Duration ackTimeout,
            GroupLinks links) {
        this.archive = archive;
        this.me = me;
        this.random = random;
        this.clock = clock;
        this.links = links;
        this.deliveries = new GroupDeliveries(clock, ackTimeout);
        this.copies = new StoredCopies(archive);
        this.names =
                new MemberNames(links::binding, me.username(), me.identity().publicKey(), this::now);
    }

    /** Creates a group with this user as its admin; {@code members} are invited. */
    public CompletableFuture<GroupInfo> create(String name, List<UserKeys> members) {
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
            synchronized (this) {
                held.put(g.id(), g);
                chains = g.keys().distributionsToAll();
                keep(g);
            }
            return tell(record, chains, List.of()).thenApply(x -> info(g));
        });
    }

    /** The groups held, sorted by name. */
    public List<GroupInfo> list() {
        return held.values().stream()
                .map(this::info)
                .sorted(Comparator.comparing(GroupInfo::name).thenComparing(GroupInfo::id))
                .toList();
    }

    /**
     * One held group.
     *
     * @throws IllegalArgumentException if this login holds no such group
     */
    public GroupInfo info(GroupId id) {
        return info(group(id));
    }

    /** Accepts an invitation: hands this user's chain to every member, then catches up. */
    CompletableFuture<GroupInfo> join(GroupId id, GroupCatchUp catchUp) {
        HeldGroup g = group(id);
        List<GroupKeys.Addressed> chains;
        byte[] record;
        synchronized (this) {
            if (g.standing() == HeldGroup.Standing.JOINED) {
                return CompletableFuture.completedFuture(info(g));
            }
            g.join();
            chains = g.keys().distributionsToAll();
            record = g.headRecord();
            keep(g);
        }
        return tell(record, chains, List.of())
                .thenCompose(x -> catchUp.group(g))
                .thenApply(x -> info(g));
    }

    /** Adds {@code user} (an admin's change). */
    public CompletableFuture<GroupInfo> invite(GroupId id, UserKeys user) {
        HeldGroup g = group(id);
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
    public CompletableFuture<GroupInfo> remove(GroupId id, String username) {
        HeldGroup g = group(id);
        requireAdmin(g);
        GroupMember gone = g.keys().state().members().stream()
                .filter(m -> m.username().equals(username))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(username + " is not a member of the group"));
        if (gone.hasKey(me.identity().publicKey())) {
            throw new IllegalArgumentException("to leave a group, use leaveGroup");
        }
        return change(g, NextEpoch.without(g.keys().membershipHead(), gone.identityKey()));
    }

    /** Leaves (or declines) a group: a record removing only this user, signed by it. */
    public CompletableFuture<Void> leave(GroupId id) {
        HeldGroup g = group(id);
        List<GroupMember> rest =
                NextEpoch.without(g.keys().membershipHead(), me.identity().publicKey());
        if (rest.isEmpty() || rest.stream().noneMatch(GroupMember::admin)) {
            throw new IllegalStateException("the last admin cannot leave a group with members; remove them first");
        }
        return change(g, rest).thenRun(() -> {
            held.remove(id);
            links.keep(id, new byte[0]);
        });
    }

    /** Seals {@code text}, stores its one copy, fans it out live; see {@link GroupDeliveries}. */
    public CompletableFuture<GroupDelivery> send(GroupId id, String text) {
        ChatMessage.checkText(text);
        HeldGroup g = group(id);
        MessageId messageId = MessageId.random(random);
        Instant at = Instant.ofEpochMilli(now());
        GroupKeys.Sent sent;
        io.confchat.api.SignedRecord copy;
        List<GroupMember> others;
        synchronized (this) {
            if (!g.joined()) {
                throw new IllegalStateException(
                        g.keys().isMember() ? "join the group first" : "not a member of the group");
            }
            sent = g.keys().seal(new GroupText(messageId, at.toEpochMilli(), text));
            copy = g.keys().storedCopy(sent.message()); // signed by this chain, before a rekey replaces it
            // the chain's new position is durable before anything sealed with the old one leaves
            // the process: a restart never seals two messages under one key (nonce reuse)
            keep(g);
            others = g.keys().state().members().stream()
                    .filter(m -> !m.hasKey(me.identity().publicKey()))
                    .toList();
        }
        GroupMessage message = new GroupMessage(id, messageId, me.username(), at, text, false);
        SealedGroupMessage sealed = sent.message();
        return tell(g.headRecord(), sent.distributionsFirst(), List.of())
                // a copy whose put fails is put again later (same bytes); the live fan-out goes on
                .thenCompose(x -> copies.store(copy))
                .thenCompose(stored -> {
                    links.sent(message);
                    byte[] envelope = GroupEnvelopes.message(sealed);
                    CompletableFuture<GroupDelivery> delivery = deliveries.await(
                            message,
                            sealed.chainId(),
                            sealed.iteration(),
                            others.stream().map(GroupMember::username).toList());
                    for (GroupMember m : others) {
                        links.reach(m.username(), m.identityKey(), envelope).handle((live, e) -> {
                            if (live == null || !live) {
                                deliveries.queued(sealed.chainId(), sealed.iteration(), m.username());
                            }
                            return null;
                        });
                    }
                    return delivery;
                })
                .whenComplete((d, error) -> {
                    if (d != null) {
                        links.delivered(d);
                    }
                });
    }

    /** Puts again the copies of sent messages whose put failed (at each catch-up round). */
    CompletableFuture<Void> storeAgain() {
        return copies.storeAgain();
    }

    /** A member's receipt for a message this user sent. */
    void receipt(byte[] chainId, int iteration, String member) {
        deliveries.receipt(chainId, iteration, member);
    }

    /** True when this login holds the group (a member, or invited). */
    public boolean holds(GroupId id) {
        return held.containsKey(id);
    }

    /** The held group {@code id}, if any (for the intake and catch-up). */
    Optional<HeldGroup> held(GroupId id) {
        return Optional.ofNullable(held.get(id));
    }

    /** The held groups (for catch-up). */
    List<HeldGroup> all() {
        return List.copyOf(held.values());
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
    public synchronized void restore(java.util.Collection<byte[]> states) {
        for (byte[] state : states) {
            GroupSnapshots.decode(state, me.identity().publicKey(), random)
                    .filter(g -> g.keys().isMember())
                    .ifPresent(g -> held.putIfAbsent(g.id(), g));
        }
    }

    /** Remembers a held group's state on the device, durably; call with this object's lock held. */
    synchronized void keep(HeldGroup g) {
        links.keep(g.id(), GroupSnapshots.encode(g));
    }

    /**
     * Verifies the usernames {@code candidate} gives keys that {@code g}'s head does not hold
     * ({@link MemberNames}); call before {@link #offer}, which refuses the next link otherwise.
     *
     * @return the outcome; {@link NameBinding#MATCHES} without asking anything when {@code candidate}
     *     is not the next link (forged, stale, ahead): {@link #offer} refuses or defers it for that
     */
    CompletableFuture<NameBinding> verifyNames(HeldGroup g, SignedGroupState candidate) {
        GroupState held;
        synchronized (this) {
            held = g.keys().state();
            if (g.keys().check(candidate) != MembershipCheck.ACCEPTED) {
                // not the next link, or forged: offer refuses it for that; no lookup for it
                return CompletableFuture.completedFuture(NameBinding.MATCHES);
            }
        }
        return names.verify(Optional.of(held), candidate.state());
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
        synchronized (this) {
            if (g.keys().check(candidate) == MembershipCheck.ACCEPTED
                    && !names.allVerified(g.keys().state(), candidate.state())) {
                return new Applied(MembershipCheck.UNVERIFIED_NAME, List.of());
            }
            u = g.keys().offer(candidate);
            if (u.check() != MembershipCheck.ACCEPTED) {
                return new Applied(u.check(), List.of());
            }
            g.advanced(record);
            if (g.keys().isMember()) {
                keep(g);
            } else {
                held.remove(g.id());
                links.keep(g.id(), new byte[0]);
            }
        }
        GroupState s = candidate.state();
        String by = g.nameOf(s.signerKey()).orElse("?");
        links.changed(new GroupChange(
                info(g),
                by,
                u.added().stream().map(GroupMember::username).toList(),
                u.removed().stream().map(GroupMember::username).toList()));
        return new Applied(u.check(), g.joined() ? u.distributions() : List.of());
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
            return tell(record, applied.chains(), told).thenApply(x -> info(g));
        });
    }

    /**
     * Sends {@code record} with this member's chain to each addressed member, and {@code record}
     * alone to the other members of {@code alsoTold} (never to this user twice or to itself).
     */
    CompletableFuture<Void> tell(byte[] record, List<GroupKeys.Addressed> chains, List<GroupMember> alsoTold) {
        Map<String, CompletableFuture<Void>> sends = new LinkedHashMap<>();
        byte[] self = me.identity().publicKey();
        for (GroupKeys.Addressed a : chains) {
            GroupMember to = a.recipient();
            byte[] id = controlId();
            byte[] envelope = GroupEnvelopes.control(record, Optional.of(a.distribution()), id);
            sends.put(to.username(), links.sendControl(to.username(), to.identityKey(), envelope, id));
        }
        for (GroupMember to : alsoTold) {
            if (!to.hasKey(self) && !sends.containsKey(to.username())) {
                byte[] id = controlId();
                byte[] envelope = GroupEnvelopes.control(record, Optional.empty(), id);
                sends.put(to.username(), links.sendControl(to.username(), to.identityKey(), envelope, id));
            }
        }
        // a member whose inbox could not take it now gets the record at its next catch-up (the DHT)
        return CompletableFuture.allOf(
                sends.values().stream().map(f -> f.handle((x, e) -> null)).toArray(CompletableFuture[]::new));
    }

    private byte[] controlId() {
        byte[] id = new byte[GroupEnvelopes.CONTROL_ID_BYTES];
        random.nextBytes(id);
        return id;
    }

    private void requireAdmin(HeldGroup g) {
        if (!g.keys().state().isAdmin(me.identity().publicKey()) || !g.keys().isMember()) {
            throw new IllegalStateException("only an admin of the group can change its members");
        }
    }

    private HeldGroup group(GroupId id) {
        HeldGroup g = held.get(id);
        if (g == null) {
            throw new IllegalArgumentException("no group " + id + " here");
        }
        return g;
    }

    private GroupInfo info(HeldGroup g) {
        synchronized (this) {
            return g.info();
        }
    }

    /** Milliseconds of this login's clock. */
    long now() {
        return clock.now().toEpochMilli();
    }

    /** The invitation a newly adopted group makes. */
    GroupInvitation invitation(HeldGroup g) {
        return new GroupInvitation(info(g), g.invitedBy());
    }
}
