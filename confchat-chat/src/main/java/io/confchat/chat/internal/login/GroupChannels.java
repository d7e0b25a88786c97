package io.confchat.chat.internal.login;

import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.GroupChange;
import io.confchat.api.chat.GroupDelivery;
import io.confchat.api.chat.GroupId;
import io.confchat.api.chat.GroupInvitation;
import io.confchat.api.chat.GroupMessage;
import io.confchat.api.chat.MessageId;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.device.DeviceState;
import io.confchat.chat.internal.group.GroupLinks;
import io.confchat.chat.internal.group.KeptGroup;
import io.confchat.chat.internal.group.NameBinding;
import io.confchat.chat.internal.inbox.Outbox;
import io.confchat.chat.internal.presence.PresenceReader;
import io.confchat.chat.internal.proto.GroupStanding;
import io.confchat.chat.internal.runtime.ChatEvents;
import io.confchat.chat.internal.runtime.Users;
import io.confchat.chat.internal.session.DialResult;
import io.confchat.chat.internal.session.LiveSession;
import io.confchat.chat.internal.session.SessionIntent;
import io.confchat.chat.internal.session.Sessions;
import io.confchat.dht.time.Scheduler;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The login's side of the group code ({@link GroupLinks}): control items go over the live session
 * (dialed if the member is online) and, unless the member answers with a control receipt in time,
 * into its inbox (where they wait until acknowledged); a received group message goes
 * through the same de-duplication as every other message ({@link DeviceState#seen()}, journaled
 * before it is shown), then to the listeners, the open group conversation, the history and the
 * unread count. Thread-safe.
 */
final class GroupChannels implements GroupLinks {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(GroupChannels.class);
    private final Account me;
    private final Sessions sessions;
    private final Router router;
    private final PresenceReader presences;
    private final Outbox outbox;
    private final Users users;
    private final Pins pins;
    private final DeviceState device;
    private final Histories histories;
    private final GroupViews views;
    private final ChatEvents events;
    private final Scheduler clock;
    private final MessageIdSource ids;
    private final Duration controlTimeout;
    private final Map<String, CompletableFuture<Void>> awaitingControl = new ConcurrentHashMap<>();
    /**
     * Control items put in an inbox after no receipt came in time (by control id: the inbox item's
     * id), so that a receipt that comes late stops their re-puts ({@link Outbox#takenElsewhere}):
     * at a removal on loopback, members busy taking 97 chains answered after the timeout, and the
     * thousands of items the senders then put in inboxes, put again every 30 s, held the machine.
     */
    private final Map<String, MessageId> inInbox = new ConcurrentHashMap<>();
    /** At most this many items are remembered in {@link #inInbox}; past it, the memory starts over. */
    static final int MAX_IN_INBOX = 20_000;
    /**
     * Per group restored from the user's key backup, the messages its saved history holds (sender
     * and id): shown on another device after the backup was written, not shown again here.
     */
    private final Map<GroupId, java.util.Set<String>> shownElsewhere = new ConcurrentHashMap<>();
    /** The keys of members looked up in this login (checked against the pin when first looked up). */
    private final Map<String, UserKeys> known = new ConcurrentHashMap<>();

    GroupChannels(Account me, Sessions sessions, Router router, Outbox outbox, Users users, Pins pins, Parts parts) {
        this.me = me;
        this.sessions = sessions;
        this.router = router;
        this.presences = parts.presences();
        this.outbox = outbox;
        this.users = users;
        this.pins = pins;
        this.device = parts.device();
        this.histories = parts.histories();
        this.views = parts.views();
        this.events = parts.events();
        this.clock = parts.clock();
        this.ids = new MessageIdSource(parts.random());
        this.controlTimeout = parts.controlTimeout();
    }

    /** What shows and saves messages. */
    record Parts(
            DeviceState device,
            Histories histories,
            GroupViews views,
            ChatEvents events,
            Scheduler clock,
            SecureRandom random,
            PresenceReader presences,
            Duration controlTimeout) {}

    @Override
    public boolean knows(byte[] identityKey) {
        return pins.listed(identityKey);
    }

    @Override
    public boolean sendLive(String peer, byte[] envelope) {
        Optional<LiveSession> s = sessions.current(peer);
        return s.isPresent() && s.get().sendGroup(envelope) == LiveSession.Offer.ACCEPTED;
    }

    @Override
    public CompletableFuture<Boolean> reach(String peer, byte[] identityKey, byte[] envelope) {
        if (sendLive(peer, envelope)) {
            return CompletableFuture.completedFuture(true);
        }
        return keys(peer, identityKey)
                .thenCompose(k ->
                        presences.read(peer, k.identityKey()).thenCompose(p -> router.dial(k, p, SessionIntent.GROUP)))
                .thenApply(dialed -> dialed instanceof DialResult.Connected && sendLive(peer, envelope));
    }

    @Override
    public CompletableFuture<Void> sendControl(
            String peer, byte[] identityKey, byte[] envelope, byte[] forInbox, byte[] id) {
        String name = HexFormat.of().formatHex(id);
        CompletableFuture<Void> taken = new CompletableFuture<>();
        awaitingControl.put(name, taken);
        return keys(peer, identityKey)
                .thenCompose(k -> reach(peer, identityKey, envelope)
                        .exceptionally(e -> false)
                        .thenCompose(live -> live ? takenWithin(taken) : CompletableFuture.completedFuture(false))
                        .thenCompose(tookIt -> tookIt
                                ? CompletableFuture.<Void>completedFuture(null)
                                : toInbox(peer, k, forInbox, name)))
                .whenComplete((x, e) -> {
                    awaitingControl.remove(name);
                    if (e != null) {
                        log.debug("a control item for {} was neither taken live nor stored: {}", peer, e.toString());
                    }
                });
    }

    /** True once the member's control receipt came, false after the acknowledgement timeout. */
    private CompletableFuture<Boolean> takenWithin(CompletableFuture<Void> taken) {
        Scheduler.Cancellable timer = clock.schedule(
                controlTimeout,
                () -> taken.completeExceptionally(new java.util.concurrent.TimeoutException("no control receipt")));
        return taken.handle((x, e) -> {
            timer.cancel();
            return e == null;
        });
    }

    private CompletableFuture<Void> toInbox(String peer, UserKeys k, byte[] envelope, String controlId) {
        ChatMessage carrier = new ChatMessage(ids.next(), me.username(), peer, clock.now(), "", false);
        if (inInbox.size() >= MAX_IN_INBOX) {
            inInbox.clear();
        }
        inInbox.put(controlId, carrier.id());
        return outbox.sendGroup(me, k, carrier, envelope);
    }

    @Override
    public void controlTaken(byte[] id) {
        String name = HexFormat.of().formatHex(id);
        CompletableFuture<Void> f = awaitingControl.get(name);
        if (f != null && f.complete(null)) {
            return;
        }
        MessageId late = inInbox.remove(name);
        if (late != null) {
            outbox.takenElsewhere(late); // taken live after all: not put again
        }
    }

    /**
     * Keys this user just resolved and checked against the pins itself (the members it creates a
     * group with or invites): sending them the group's control items needs no second resolution,
     * which on a loaded network may not confirm the name, and the item (the only carrier of this
     * user's chain) would then not be sent at all.
     */
    void resolved(UserKeys keys) {
        known.put(keys.username(), keys);
    }

    /** The member's keys, if its name still resolves to the key the group names and the pin agrees. */
    private CompletableFuture<UserKeys> keys(String peer, byte[] identityKey) {
        UserKeys cached = known.get(peer);
        if (cached != null && cached.hasIdentity(identityKey)) { // an account's keys never change
            return CompletableFuture.completedFuture(cached);
        }
        return users.lookup(peer)
                .thenApply(keys -> keys.filter(u -> u.hasIdentity(identityKey) && pins.trusted(u))
                        .orElseThrow(() -> new IllegalStateException(
                                peer + " no longer resolves to the key the group names; nothing sent")))
                .thenApply(k -> {
                    known.put(peer, k);
                    return k;
                });
    }

    @Override
    public CompletableFuture<NameBinding> binding(String username, byte[] identityKey) {
        Optional<byte[]> pin = pins.pinned(username);
        if (pin.isPresent()) { // as a 1:1 chat: the key pinned at first contact, not asked again
            return CompletableFuture.completedFuture(
                    Arrays.equals(pin.get(), identityKey) ? NameBinding.MATCHES : NameBinding.OTHER_KEY);
        }
        UserKeys cached = known.get(username);
        if (cached != null) { // an account's keys never change
            return CompletableFuture.completedFuture(
                    cached.hasIdentity(identityKey) ? NameBinding.MATCHES : NameBinding.OTHER_KEY);
        }
        return users.lookup(username).thenApply(keys -> {
            if (keys.isEmpty()) {
                // an admin signed this name to this key, and the replicas heard say nobody holds it:
                // replicas not heard from (a loaded network) or a forgery; not accepted either way,
                // and not refused for good, so an honest record is taken when it comes again
                return NameBinding.UNCONFIRMED;
            }
            UserKeys k = keys.get();
            if (!pins.trusted(k)) {
                return NameBinding.OTHER_KEY;
            }
            known.put(username, k);
            return k.hasIdentity(identityKey) ? NameBinding.MATCHES : NameBinding.OTHER_KEY;
        });
    }

    /** The messages of {@code group} another device showed (see {@link Histories#savedSenderIds}). */
    void shownElsewhere(GroupId group, java.util.Set<String> senderIds) {
        shownElsewhere.put(group, java.util.Set.copyOf(senderIds));
    }

    @Override
    public boolean show(GroupMessage message, byte[] senderKey) {
        java.util.Set<String> elsewhere = shownElsewhere.getOrDefault(message.group(), java.util.Set.of());
        if (elsewhere.contains(Histories.senderAndId(message.from(), message.id()))) {
            device.seen().add(senderKey, message.id());
            return false;
        }
        if (!device.seen().add(senderKey, message.id())) {
            return false;
        }
        views.add(message, true);
        histories.add(GroupViews.historyName(message.group()), views.toHistory(message));
        device.sync(); // shown once, even if the process dies the next moment
        events.emit(l -> l.onGroupMessage(message));
        return true;
    }

    @Override
    public void sent(GroupMessage message) {
        views.add(message, false);
        histories.add(GroupViews.historyName(message.group()), views.toHistory(message));
    }

    @Override
    public void keep(GroupId group, byte[] state) {
        device.saveGroup(group.toString(), state);
        device.sync();
    }

    /** The groups this device kept for the user: each state with the chains taken and positions kept since. */
    List<KeptGroup> kept() {
        return device.groups().entrySet().stream()
                .map(e ->
                        new KeptGroup(e.getValue(), device.groupChains(e.getKey()), device.groupPositions(e.getKey())))
                .toList();
    }

    @Override
    public void keepPosition(GroupId group, byte[] chainId, byte[] position) {
        device.saveGroupPosition(group.toString(), chainId, position);
        device.sync();
    }

    @Override
    public void keepChain(GroupId group, byte[] chainId, byte[] chain) {
        device.saveGroupChain(group.toString(), chainId, chain);
        device.sync();
    }

    @Override
    public void invited(GroupInvitation invitation) {
        views.list().standing(invitation.group().id(), invitation.group().name(), GroupStanding.GROUP_INVITED);
        events.emit(l -> l.onGroupInvitation(invitation));
    }

    @Override
    public void changed(GroupChange change) {
        if (change.removed().contains(me.username())) {
            views.list().standing(change.group().id(), change.group().name(), GroupStanding.GROUP_LEFT);
        }
        events.emit(l -> l.onGroupChanged(change));
    }

    @Override
    public void delivered(GroupDelivery delivery) {
        events.emit(l -> l.onGroupDelivery(delivery));
    }
}
