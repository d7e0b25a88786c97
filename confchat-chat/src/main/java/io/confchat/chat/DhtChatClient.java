package io.confchat.chat;

import io.confchat.api.NodeClosedException;
import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.ChatListener;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.ChatSummary;
import io.confchat.api.chat.Conversation;
import io.confchat.api.chat.Delivery;
import io.confchat.api.chat.NotLoggedInException;
import io.confchat.api.chat.Presence;
import io.confchat.api.chat.UnknownUserException;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.account.Accounts;
import io.confchat.chat.internal.account.PasswordPolicy;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.crypto.X25519KeyPair;
import io.confchat.chat.internal.history.ChatListStore;
import io.confchat.chat.internal.history.HistoryStore;
import io.confchat.chat.internal.inbox.InboxReader;
import io.confchat.chat.internal.inbox.Outbox;
import io.confchat.chat.internal.presence.Directory;
import io.confchat.chat.internal.presence.PeerPresence;
import io.confchat.chat.internal.presence.PresencePublisher;
import io.confchat.chat.internal.presence.PresenceReader;
import io.confchat.chat.internal.proto.ChatEntry;
import io.confchat.chat.internal.records.MessageIds;
import io.confchat.chat.internal.records.Usernames;
import io.confchat.chat.internal.session.LiveSession;
import io.confchat.chat.internal.session.Sessions;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.time.Scheduler;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ChatClient} on a {@link KademliaNode}: wires accounts, presence, sessions, inbox,
 * history and chat list together, and holds the state of the current login.
 */
final class DhtChatClient implements ChatClient {
    private static final Logger log = LoggerFactory.getLogger(DhtChatClient.class);

    private final KademliaNode node;
    private final ChatConfig config;
    private final Scheduler scheduler;
    private final SecureRandom random = new SecureRandom();
    private final ExecutorService worker;
    private final Accounts accounts;
    private final PresenceReader presences;
    private final Outbox outbox;
    private final InboxDelivery inboxDelivery;
    private final UserList userList;
    private final HistoryStore history;
    private final ChatListStore chatList;
    private final Sessions sessions;
    private final List<ChatListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, ChatConversation> conversations = new ConcurrentHashMap<>();
    private final SeenMessages seen = new SeenMessages();
    private volatile Login login;
    private volatile boolean closed;

    DhtChatClient(KademliaNode node, ChatConfig config) {
        this.node = node;
        this.config = config;
        this.scheduler = node.scheduler();
        this.worker = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "confchat-worker");
            t.setDaemon(true);
            return t;
        });
        this.accounts = new Accounts(
                node, worker, random, config.bcryptCost(), new PasswordPolicy(config.allowDemoPasswords()));
        this.presences = new PresenceReader(node, scheduler);
        this.outbox = new Outbox(node, d -> emit(l -> l.onDelivery(d)));
        this.history = new HistoryStore(node, random, worker);
        this.inboxDelivery = new InboxDelivery(this, new InboxReader(node, scheduler, accounts::lookup), history);
        this.userList = new UserList(new Directory(node), presences, this::emit);
        this.chatList = new ChatListStore(node, random);
        this.sessions = new Sessions(node, random, accounts::lookup, new SessionEvents(this));
    }

    // ---- accounts ------------------------------------------------------------------------------

    @Override
    public CompletableFuture<Void> register(String username, String password) {
        return open().thenCompose(x -> accounts.register(username, password));
    }

    @Override
    public CompletableFuture<Void> login(String username, String password) {
        return open().thenCompose(x -> logout())
                .thenCompose(x -> accounts.login(username, password))
                .thenCompose(this::start);
    }

    private CompletableFuture<Void> start(Account account) {
        X25519KeyPair sessionKey = X25519KeyPair.generate(random);
        sessions.login(account, sessionKey);
        PresencePublisher presence = new PresencePublisher(
                node,
                scheduler,
                account,
                node::advertisedEndpoints,
                sessionKey.publicKey(),
                config.presenceTtl(),
                config.presenceInterval());
        Login l = new Login(account, presence);
        seen.clear();
        login = l;
        schedulePoll(l);
        return presence.start().thenCompose(x -> accounts.refresh(account)).thenCompose(x -> fetchInbox(l));
    }

    @Override
    public CompletableFuture<Void> logout() {
        Login l = login;
        if (l == null) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Void>> saved = new ArrayList<>();
        for (ChatConversation c : conversations.values()) {
            saved.add(c.close()); // says goodbye, saves history, moves unacknowledged texts to the inbox
        }
        return CompletableFuture.allOf(saved.toArray(CompletableFuture[]::new))
                .orTimeout(10, TimeUnit.SECONDS)
                .handle((x, error) -> null)
                .thenCompose(x -> {
                    login = null;
                    l.poll.cancel();
                    sessions.logout("logged out");
                    outbox.clear();
                    conversations.clear();
                    return l.presence.stop();
                });
    }

    @Override
    public Optional<String> currentUser() {
        Login l = login;
        return l == null ? Optional.empty() : Optional.of(l.account.username());
    }

    // ---- users and presence --------------------------------------------------------------------

    @Override
    public CompletableFuture<List<Presence>> users() {
        return open().thenCompose(x -> userList.read());
    }

    // ---- conversations -------------------------------------------------------------------------

    @Override
    public CompletableFuture<Conversation> open(String username) {
        Login l = login;
        if (l == null) {
            return notLoggedIn();
        }
        String peer;
        try {
            peer = Usernames.normalize(username);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (peer.equals(l.account.username())) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("you cannot open a chat with yourself"));
        }
        return accounts.lookup(peer)
                .thenCompose(keys -> {
                    if (keys.isEmpty()) {
                        throw new UnknownUserException("there is no user named '" + peer + "'");
                    }
                    return history.read(l.account, peer)
                            .thenCombine(presences.read(peer, keys.get().identityKey()), (saved, presence) -> {
                                ChatConversation c = conversation(keys.get());
                                saved.forEach(c::add);
                                userList.note(presence.presence());
                                return new Opening(c, presence);
                            })
                            .thenCompose(
                                    opening -> touchChat(l, keys.get(), true, 0).thenApply(x -> opening));
                })
                .thenCompose(opening -> goLive(opening.conversation, opening.presence));
    }

    /** Attaches the open session with the peer, or dials one if the peer is online. */
    private CompletableFuture<Conversation> goLive(ChatConversation c, PeerPresence presence) {
        Optional<LiveSession> current = sessions.current(c.peer());
        if (current.isPresent()) {
            c.attach(current.get());
            return CompletableFuture.completedFuture(c);
        }
        if (!presence.isOnline()) {
            return CompletableFuture.completedFuture(c);
        }
        return sessions.dial(c.peerKeys(), presence.endpoints()).handle((session, error) -> {
            if (error != null) {
                log.debug("{} is online but not reachable: {}", c.peer(), error.toString());
            } else {
                c.attach(session);
            }
            return c;
        });
    }

    /** The open conversation with {@code peer}, created (with no history yet) if there is none. */
    ChatConversation conversation(UserKeys peer) {
        return conversations.compute(
                peer.username(),
                (name, existing) -> existing != null && !existing.isClosed()
                        ? existing
                        : new ChatConversation(this, peer, List.of()));
    }

    @Override
    public CompletableFuture<List<ChatMessage>> history(String username) {
        Login l = login;
        if (l == null) {
            return notLoggedIn();
        }
        try {
            return history.read(l.account, Usernames.normalize(username));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<List<ChatSummary>> chats() {
        Login l = login;
        if (l == null) {
            return notLoggedIn();
        }
        return chatList.read(l.account)
                .thenApply(entries -> entries.values().stream()
                        .map(e -> new ChatSummary(
                                e.getPeer(), Instant.ofEpochMilli(e.getLastActivityMillis()), e.getUnread()))
                        .sorted(Comparator.comparing(ChatSummary::lastActivity).reversed())
                        .toList());
    }

    ChatMessage newMessage(String peer, String text) {
        return new ChatMessage(
                MessageIds.random(random), login().account.username(), peer, scheduler.now(), text, false);
    }

    CompletableFuture<Delivery> sendOffline(UserKeys peer, ChatMessage message) {
        return outbox.send(login().account, peer, message);
    }

    /** Saves a closed conversation's messages and forgets it. */
    CompletableFuture<Void> conversationClosed(ChatConversation c) {
        conversations.remove(c.peer(), c);
        Login l = login;
        return l == null ? CompletableFuture.completedFuture(null) : save(l, c);
    }

    /** Appends a conversation to the saved history and records the activity in the chat list. */
    CompletableFuture<Void> save(Login l, ChatConversation c) {
        List<ChatMessage> messages = c.messages();
        if (messages.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return history.append(l.account, c.peer(), messages)
                .thenCompose(x -> touchChat(l, c.peerKeys(), false, 0))
                .exceptionally(error -> {
                    log.debug("history with {} not saved: {}", c.peer(), error.toString());
                    return null;
                });
    }

    /**
     * Updates the peer's chat list entry: pins its identity key at first contact (a different key
     * later is reported, never taken), notes the activity, counts unread messages.
     */
    CompletableFuture<Void> touchChat(Login l, UserKeys peer, boolean read, int newUnread) {
        return chatList.touch(
                        l.account,
                        peer,
                        scheduler.now(),
                        read,
                        newUnread,
                        () -> emit(x -> x.onPeerKeyChanged(peer.username())))
                .handle((x, error) -> null);
    }

    // ---- inbox ---------------------------------------------------------------------------------

    private void schedulePoll(Login l) {
        l.poll = scheduler.schedule(config.inboxPollInterval(), () -> {
            if (login != l || closed) {
                return;
            }
            fetchInbox(l).thenCompose(x -> outbox.poll()).whenComplete((x, error) -> {
                if (login == l && !closed) {
                    schedulePoll(l);
                }
            });
        });
    }

    private CompletableFuture<Void> fetchInbox(Login l) {
        return inboxDelivery.fetch(l);
    }

    // ---- plumbing ------------------------------------------------------------------------------

    @Override
    public void addListener(ChatListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(ChatListener listener) {
        listeners.remove(listener);
    }

    void emit(Consumer<ChatListener> event) {
        for (ChatListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                log.warn("a chat listener failed", e);
            }
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return node.localAddress();
    }

    /** The logged-in user's chat list entries by peer (tests inspect the pins). */
    CompletableFuture<Map<String, ChatEntry>> chatListOf() {
        return chatList.read(login().account);
    }

    /** The node this client runs on (tests reach through it, e.g. to crash it). */
    KademliaNode node() {
        return node;
    }

    Login login() {
        Login l = login;
        if (l == null) {
            throw new NotLoggedInException("log in first");
        }
        return l;
    }

    Optional<Login> currentLogin() {
        return Optional.ofNullable(login);
    }

    SeenMessages seen() {
        return seen;
    }

    Map<String, ChatConversation> conversations() {
        return conversations;
    }

    Sessions sessions() {
        return sessions;
    }

    PresenceReader presences() {
        return presences;
    }

    Outbox outbox() {
        return outbox;
    }

    private CompletableFuture<Void> open() {
        return closed
                ? CompletableFuture.failedFuture(new NodeClosedException("this chat client is closed"))
                : CompletableFuture.completedFuture(null);
    }

    private static <T> CompletableFuture<T> notLoggedIn() {
        return CompletableFuture.failedFuture(new NotLoggedInException("log in first"));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            logout().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("logout while closing did not finish: {}", e.toString());
        }
        closed = true;
        node.close();
        worker.shutdownNow();
    }

    /** A conversation being opened, with the peer's presence. */
    private record Opening(ChatConversation conversation, PeerPresence presence) {}

    /** The state of one login. */
    static final class Login {
        final Account account;
        final PresencePublisher presence;
        volatile Scheduler.Cancellable poll = () -> {};

        Login(Account account, PresencePublisher presence) {
            this.account = account;
            this.presence = presence;
        }
    }
}
