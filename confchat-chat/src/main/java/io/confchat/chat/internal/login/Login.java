package io.confchat.chat.internal.login;

import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.ChatSummary;
import io.confchat.api.chat.ClientEvent;
import io.confchat.api.chat.ClientSnapshot;
import io.confchat.api.chat.Conversation;
import io.confchat.api.chat.NotLoggedInException;
import io.confchat.api.chat.PeerKeyChangedException;
import io.confchat.api.chat.UnknownUserException;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.crypto.X25519KeyPair;
import io.confchat.chat.internal.device.DeviceState;
import io.confchat.chat.internal.direct.DirectUpgrade;
import io.confchat.chat.internal.group.GroupChat;
import io.confchat.chat.internal.history.ChatActivity;
import io.confchat.chat.internal.history.GroupKeysStore;
import io.confchat.chat.internal.inbox.InboxReader;
import io.confchat.chat.internal.inbox.Outbox;
import io.confchat.chat.internal.presence.PeerPresence;
import io.confchat.chat.internal.presence.PresencePublisher;
import io.confchat.chat.internal.proto.ChatEntry;
import io.confchat.chat.internal.runtime.ChatRuntime;
import io.confchat.chat.internal.runtime.Deadline;
import io.confchat.chat.internal.runtime.KnownUser;
import io.confchat.chat.internal.session.ByeReason;
import io.confchat.chat.internal.session.DialResult;
import io.confchat.chat.internal.session.LiveSession;
import io.confchat.chat.internal.session.SessionEndpoint;
import io.confchat.chat.internal.session.SessionEvent;
import io.confchat.chat.internal.session.Sessions;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything one login owns, from login to logout: the account, its live sessions, presence,
 * outbox and inbox polling, the open conversations, the history writers, the chat list updates
 * and every timer of these. The client front holds at most one; nothing here reaches back into it.
 *
 * <p>Session events arrive here ({@link #onSessionEvent}) and are handled one at a time on the
 * client's serial executor. Thread-safe.
 */
public final class Login {
    private final ChatRuntime rt;
    private final Account account;
    private final Sessions sessions;
    private final PresencePublisher presence;
    private final Outbox outbox;
    private final Router router;
    private final Histories histories;
    private final Conversations conversations;
    private final Inbound inbound;
    private final ChatListUpdates chatList;
    private final InboxPolling polling;
    private final Pins pins;
    private final Republisher republisher;
    private final DirectUpgrade upgrades;
    private final LoginGroups groups;
    private final ChatRequests requests;
    private final GroupsFromBackup groupsFromBackup;
    private final Map<String, UserKeys> known = new ConcurrentHashMap<>();
    private volatile boolean ended;

    public Login(ChatRuntime rt, Account account) {
        this.rt = rt;
        this.account = account;
        DeviceState device = rt.devices().of(account.username(), account.storageKey());
        X25519KeyPair deviceKey = X25519KeyPair.generate(rt.random());
        var s = rt.settings();
        this.pins = new Pins(rt.chatList(), account, rt.events());
        this.sessions = new Sessions(rt.sessions(), account, deviceKey, pins::trusted, this::onSessionEvent);
        this.presence = new PresencePublisher(
                rt.dht(),
                rt.scheduler(),
                account,
                rt.endpoints(),
                deviceKey.publicKey(),
                s.presenceTtl(),
                s.presenceInterval());
        this.outbox = new Outbox(rt.dht(), rt.random(), d -> rt.events().emit(l -> l.onDelivery(d)));
        this.router = new Router(account, sessions, outbox, rt.presences(), rt.serial());
        this.histories = new Histories(rt.history(), rt.scheduler(), s, account, device);
        this.chatList = new ChatListUpdates(rt.chatList(), account, rt.scheduler(), rt.events());
        this.conversations = new Conversations(
                account, sessions, router, histories, rt.scheduler(), rt.random(), s.window(), chatList);
        GroupViews views = new GroupViews(
                s.window(), account.username(), new GroupListUpdates(rt.chatList(), account, rt.scheduler()));
        GroupChannels channels = new GroupChannels(
                account,
                sessions,
                router,
                outbox,
                rt.users(),
                pins,
                new GroupChannels.Parts(
                        device,
                        histories,
                        views,
                        rt.events(),
                        rt.scheduler(),
                        rt.random(),
                        rt.presences(),
                        rt.sessions().ackTimeout()));
        GroupChat groupChat = GroupChat.of(
                rt.dht(),
                account,
                rt.random(),
                rt.scheduler(),
                rt.sessions().ackTimeout(),
                channels,
                channels.kept(),
                new GroupKeysStore(rt.dht(), rt.random(), rt.scheduler()));
        this.groupsFromBackup =
                new GroupsFromBackup(rt.chatList(), account, groupChat, views.list(), histories, channels);
        this.groups = new LoginGroups(
                groupChat,
                views,
                histories,
                rt.users(),
                pins,
                rt.scheduler(),
                rt.random(),
                account.username(),
                channels::resolved);
        this.requests = new ChatRequests(peer -> {
            conversations.open(peer);
            chatList.record(peer, ChatActivity.EXCHANGED);
            rt.events().emit(l -> l.onChatRequest(peer.username()));
        });
        this.inbound =
                new Inbound(device, conversations, histories, chatList, rt.events(), pins, rt.inboxReceived(), groups);
        InboxReader reader = new InboxReader(rt.dht(), rt.scheduler(), rt.users()::resolve);
        this.polling = new InboxPolling(
                rt.scheduler(), s.inboxPollInterval(), reader, outbox, inbound, account, groupsFromBackup::again);
        this.republisher = new Republisher(
                rt.accounts(),
                rt.chatList(),
                rt.history(),
                rt.scheduler(),
                account,
                s.refreshOlderThan(),
                s.refreshCheckInterval());
        this.upgrades =
                new DirectUpgrade(sessions, rt.sessions().transport().punching(), rt.scheduler(), rt.presences());
    }

    /**
     * Announces the user online, saves what an earlier login here left unsaved, fetches the inbox,
     * and starts the periodic checks (the inbox, the user's long-lived records).
     */
    public CompletableFuture<Void> start() {
        histories.flushAll();
        polling.start();
        return pins.load()
                .thenCompose(x -> groupsFromBackup.restore()) // before the inbox brings anything of a group
                .thenCompose(x -> presence.start())
                .thenCompose(x -> polling.fetch())
                .thenCompose(x -> groups.start())
                .whenComplete((x, e) -> groups.caughtUp()) // group sends waited for this
                .thenRun(republisher::start);
    }

    public String username() {
        return account.username();
    }

    /**
     * This login's part of the client's snapshot.
     *
     * @param inboxReceived the client's count of inbox messages shown
     */
    public ClientSnapshot snapshot(long inboxReceived, boolean closed) {
        return new ClientSnapshot(
                Optional.of(username()),
                presence.status(),
                sessions.liveCount(),
                conversations.size(),
                outbox.pendingCount(),
                inboxReceived,
                closed);
    }

    /** The account's keys (tests look at them). */
    public Account account() {
        return account;
    }

    /** The live session with {@code peer}, if one is up. */
    public Optional<LiveSession> session(String peer) {
        return sessions.current(peer);
    }

    /** The open conversation with {@code peer}, if any. */
    public Optional<Conversation> conversation(String peer) {
        return conversations.get(peer).map(c -> c);
    }

    /** Dials {@code peer} at these endpoints (a test's way to pick the address). */
    public CompletableFuture<DialResult> dial(UserKeys peer, List<InetSocketAddress> endpoints) {
        return sessions.dial(
                peer, endpoints.stream().map(SessionEndpoint::direct).toList());
    }

    /** Takes a session connection dialed to this user. */
    public void accept(Channel channel) {
        sessions.accept(channel);
    }

    /**
     * Opens the conversation with the user named {@code peer} (normalized).
     *
     * @return fails with {@link UnknownUserException} if there is no such user
     */
    public CompletableFuture<Conversation> open(String peer) {
        if (peer.equals(username())) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("you cannot open a chat with yourself"));
        }
        return rt.users()
                .lookup(peer)
                .thenCompose(keys -> open(
                        keys.orElseThrow(() -> new UnknownUserException("there is no user named '" + peer + "'"))));
    }

    /**
     * Opens the conversation with {@code peer}: its recent history, and a live session when the
     * peer is online and reachable (dialed unless one is up).
     */
    public CompletableFuture<Conversation> open(UserKeys peer) {
        if (ended) {
            return CompletableFuture.failedFuture(new NotLoggedInException("log in first"));
        }
        try {
            pins.require(peer);
        } catch (PeerKeyChangedException e) {
            return CompletableFuture.failedFuture(e);
        }
        known.put(peer.username(), peer);
        OpenConversation c = conversations.open(peer);
        CompletableFuture<List<ChatMessage>> saved = history(peer.username());
        CompletableFuture<PeerPresence> presenceOf = rt.presences().read(peer.username(), peer.identityKey());
        return saved.thenCombine(presenceOf, (messages, p) -> {
                    c.window().prependSaved(messages);
                    return p;
                })
                .thenCompose(p -> {
                    rt.userList().note(p.presence());
                    return sessions.current(peer.username()).isPresent()
                            ? CompletableFuture.completedFuture(null)
                            : router.dial(peer, p);
                })
                .thenCompose(dialed -> chatList.record(peer, ChatActivity.OPENED))
                .thenApply(check -> c);
    }

    /** Pins the key {@code peer} now resolves to, in place of the one pinned before. */
    public CompletableFuture<Void> acceptKeyChange(String peer) {
        return rt.users()
                .lookup(peer)
                .thenCompose(keys -> pins.accept(
                        keys.orElseThrow(() -> new UnknownUserException("there is no user named '" + peer + "'")),
                        rt.scheduler().now()));
    }

    /** The conversation with {@code peer}: the saved history and what this device has not saved yet. */
    public CompletableFuture<List<ChatMessage>> history(String peer) {
        return histories.read(peer);
    }

    /**
     * The people this user knows: the peers of the chat list, most recent activity first, with the
     * keys pinned for them.
     */
    public CompletableFuture<List<KnownUser>> known() {
        return rt.chatList()
                .read(account)
                .thenApply(entries -> entries.values().stream()
                        .filter(e -> !e.getPinnedIdentityKey().isEmpty())
                        .sorted(Comparator.comparingLong(ChatEntry::getLastActivityMillis)
                                .reversed())
                        .map(e -> new KnownUser(
                                e.getPeer(), e.getPinnedIdentityKey().toByteArray()))
                        .toList());
    }

    /** The chat list, group chats included, most recent activity first. */
    public CompletableFuture<List<ChatSummary>> chats() {
        return rt.chatList()
                .readLists(account)
                .thenApply(lists -> java.util.stream.Stream.concat(
                                lists.chats().values().stream()
                                        .map(e -> new ChatSummary(
                                                e.getPeer(),
                                                Instant.ofEpochMilli(e.getLastActivityMillis()),
                                                e.getUnread())),
                                groups.summaries(lists.groups()).stream())
                        .sorted(Comparator.comparing(ChatSummary::lastActivity).reversed())
                        .toList());
    }

    /** This login's group chats (the API's group methods). */
    public LoginGroups groups() {
        return groups;
    }

    /**
     * Leaves every conversation (goodbyes, unacknowledged texts to the inbox, texts in the middle of
     * a redial to their session or the inbox), saves the history, announces the user offline; waits
     * at most the logout timeout for the goodbyes, the texts and the saves.
     */
    public CompletableFuture<Void> logout() {
        ended = true;
        polling.stop();
        groups.stop();
        republisher.stop();
        upgrades.stopAll();
        CompletableFuture<Void> left = conversations.closeAll();
        sessions.leaveAll(ByeReason.LOGGED_OUT);
        return Deadline.within(
                        rt.scheduler(),
                        rt.settings().logoutTimeout(),
                        left.thenCompose(x -> router.settled())
                                .thenCompose(x -> histories.flushAll())
                                .thenCompose(x -> groups.flush()))
                .thenCompose(x -> {
                    histories.stopAll();
                    outbox.clear();
                    return presence.stop();
                });
    }

    /** Stops everything at once, saying nothing to anyone: the process died (tests). */
    public void crash() {
        ended = true;
        polling.stop();
        groups.stop();
        republisher.stop();
        upgrades.stopAll();
        histories.stopAll();
        presence.abandon();
        sessions.dropAll();
    }

    private void onSessionEvent(SessionEvent event) {
        rt.serial().execute(() -> handle(event));
    }

    private void handle(SessionEvent event) {
        String peer = event.session().peer();
        if (event instanceof SessionEvent.Established e) {
            known.put(peer, e.peer());
            rt.events().emit(l -> l.onClientEvent(new ClientEvent.SessionOpened(peer, e.inbound())));
            upgrades.established(e);
            requests.established(e);
        } else if (event instanceof SessionEvent.Received r) {
            requests.chatting(peer);
            inbound.live(r);
        } else if (event instanceof SessionEvent.Acknowledged a) {
            router.delivered(a);
        } else if (event instanceof SessionEvent.Group g) {
            groups.live(g);
        } else if (event instanceof SessionEvent.Typing) {
            requests.chatting(peer);
            rt.events().emit(l -> l.onTyping(peer));
        } else if (event instanceof SessionEvent.Signal signal && known.containsKey(peer)) {
            upgrades.signal(signal, known.get(peer));
        } else if (event instanceof SessionEvent.Ended e) {
            upgrades.ended(e.session());
            if (sessions.current(peer).isEmpty()) {
                requests.ended(peer);
                rt.events().emit(l -> l.onClientEvent(new ClientEvent.SessionClosed(peer)));
            }
            e.reason().reported().filter(r -> sessions.current(peer).isEmpty()).ifPresent(r -> {
                rt.events().emit(l -> l.onSessionEnded(peer, r));
                histories.flush(peer);
            });
            UserKeys keys = known.get(peer);
            if (keys != null) {
                router.ended(e, keys);
            }
        }
    }
}
