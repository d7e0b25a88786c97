package io.confchat.chat;

import io.confchat.api.NodeClosedException;
import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.ChatListener;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.ChatSummary;
import io.confchat.api.chat.ClientSnapshot;
import io.confchat.api.chat.Conversation;
import io.confchat.api.chat.GroupConversation;
import io.confchat.api.chat.GroupDelivery;
import io.confchat.api.chat.GroupId;
import io.confchat.api.chat.GroupInfo;
import io.confchat.api.chat.GroupMessage;
import io.confchat.api.chat.Presence;
import io.confchat.api.chat.UserPage;
import io.confchat.chat.internal.login.Login;
import io.confchat.chat.internal.login.LoginSlot;
import io.confchat.chat.internal.runtime.ChatRuntime;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The {@link ChatClient}: a thin front over the current {@link Login}; wired in {@link ConfChat}. */
final class ClientFront implements ChatClient {
    private final ChatRuntime rt;
    private final LoginSlot slot;
    private final InetSocketAddress address;
    private final Supplier<CompletableFuture<Void>> stopNode;
    private volatile CompletableFuture<Void> closing;

    ClientFront(ChatRuntime rt, LoginSlot slot, InetSocketAddress address, Supplier<CompletableFuture<Void>> stopNode) {
        this.rt = rt;
        this.slot = slot;
        this.address = address;
        this.stopNode = stopNode;
    }

    @Override
    public CompletableFuture<Void> register(String username, String password) {
        return running().thenCompose(x -> rt.accounts().register(username, password));
    }

    @Override
    public CompletableFuture<Void> login(String username, String password) {
        return running().thenCompose(x -> slot.login(username, password));
    }

    @Override
    public CompletableFuture<Void> logout() {
        return slot.logout();
    }

    @Override
    public Optional<String> currentUser() {
        return slot.current().map(Login::username);
    }

    @Override
    public CompletableFuture<List<Presence>> users() {
        return running().thenCompose(x -> slot.known()).thenCompose(rt.userList()::users);
    }

    @Override
    public CompletableFuture<List<Presence>> contacts() {
        return slot.withLogin(l -> l.known().thenCompose(rt.userList()::contacts));
    }

    @Override
    public CompletableFuture<UserPage> findUsers(String prefix) {
        return running().thenCompose(x -> rt.userList().search(prefix));
    }

    @Override
    public CompletableFuture<Optional<UserPage>> everyone(Optional<String> after) {
        return running().thenCompose(x -> rt.userList().everyone(after));
    }

    @Override
    public CompletableFuture<Conversation> open(String username) {
        return slot.with(username, Login::open);
    }

    @Override
    public CompletableFuture<List<ChatMessage>> history(String username) {
        return slot.with(username, Login::history);
    }

    @Override
    public CompletableFuture<Void> acceptKeyChange(String username) {
        return slot.with(username, Login::acceptKeyChange);
    }

    @Override
    public CompletableFuture<List<ChatSummary>> chats() {
        return slot.withLogin(Login::chats);
    }

    @Override
    public CompletableFuture<GroupInfo> createGroup(String name, List<String> members) {
        return slot.withLogin(l -> l.groups().create(name, members));
    }

    @Override
    public CompletableFuture<GroupInfo> invite(GroupId group, String username) {
        return slot.withLogin(l -> l.groups().invite(group, username));
    }

    @Override
    public CompletableFuture<GroupInfo> joinGroup(GroupId group) {
        return slot.withLogin(l -> l.groups().join(group));
    }

    @Override
    public CompletableFuture<Void> leaveGroup(GroupId group) {
        return slot.withLogin(l -> l.groups().leave(group));
    }

    @Override
    public CompletableFuture<GroupInfo> removeFromGroup(GroupId group, String username) {
        return slot.withLogin(l -> l.groups().remove(group, username));
    }

    @Override
    public CompletableFuture<List<GroupInfo>> groups() {
        return slot.withLogin(l -> CompletableFuture.completedFuture(l.groups().list()));
    }

    @Override
    public CompletableFuture<GroupInfo> group(GroupId group) {
        return slot.withLogin(l -> l.groups().info(group));
    }

    @Override
    public CompletableFuture<GroupConversation> openGroup(GroupId group) {
        return slot.withLogin(l -> l.groups().open(group));
    }

    @Override
    public CompletableFuture<GroupDelivery> sendToGroup(GroupId group, String text) {
        return slot.withLogin(l -> l.groups().send(group, text));
    }

    @Override
    public CompletableFuture<List<GroupMessage>> groupHistory(GroupId group) {
        return slot.withLogin(l -> l.groups().history(group));
    }

    @Override
    public void addListener(ChatListener listener) {
        rt.events().add(listener);
    }

    @Override
    public void removeListener(ChatListener listener) {
        rt.events().remove(listener);
    }

    @Override
    public ClientSnapshot snapshot() {
        boolean closed = closing != null;
        long inbox = rt.inboxReceived().sum();
        return slot.current()
                .map(l -> l.snapshot(inbox, closed))
                .orElseGet(() -> new ClientSnapshot(Optional.empty(), Presence.Status.OFFLINE, 0, 0, 0, inbox, closed));
    }

    @Override
    public InetSocketAddress localAddress() {
        return address;
    }

    @Override
    public synchronized CompletableFuture<Void> closeAsync() {
        if (closing == null) {
            // the node stops on a thread of its own: whatever thread ends the logout is not held
            closing = logout().handle((x, error) -> null).thenCompose(x -> stopNode.get());
        }
        return closing;
    }

    @Override
    public void close() {
        try {
            closeAsync().get(rt.settings().logoutTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // the rest finishes in the background; the caller is not held longer
        }
    }

    synchronized void crash() { // tests: stops as a crash would, with no goodbye, offline record or save
        closing = CompletableFuture.completedFuture(null);
        slot.crash();
        stopNode.get().join();
    }

    ChatRuntime runtime() { // tests look inside, here and below
        return rt;
    }

    LoginSlot slot() {
        return slot;
    }

    private CompletableFuture<Void> running() {
        return closing == null
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.failedFuture(new NodeClosedException("this chat client is closed"));
    }
}
