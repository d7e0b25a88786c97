package io.confchat.chat;

import io.confchat.api.NodeClosedException;
import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.ChatListener;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.ChatSummary;
import io.confchat.api.chat.Conversation;
import io.confchat.api.chat.NotLoggedInException;
import io.confchat.api.chat.Presence;
import io.confchat.api.chat.UnknownUserException;
import io.confchat.chat.internal.login.Login;
import io.confchat.chat.internal.records.Usernames;
import io.confchat.chat.internal.runtime.ChatRuntime;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@link ChatClient}: a thin front that holds the current {@link Login} (which owns all the
 * state of a login) and the node it runs on. Wiring happens in {@link ConfChat}.
 */
final class ClientFront implements ChatClient {
    private final ChatRuntime rt;
    private final Runnable stopNode;
    private final InetSocketAddress address;
    private volatile Login login;
    private volatile CompletableFuture<Void> closing;

    ClientFront(ChatRuntime rt, InetSocketAddress address, Runnable stopNode) {
        this.rt = rt;
        this.address = address;
        this.stopNode = stopNode;
    }

    @Override
    public CompletableFuture<Void> register(String username, String password) {
        return running().thenCompose(x -> rt.accounts().register(username, password));
    }

    @Override
    public CompletableFuture<Void> login(String username, String password) {
        return running()
                .thenCompose(x -> logout())
                .thenCompose(x -> rt.accounts().login(username, password))
                .thenCompose(account -> {
                    Login l = new Login(rt, account);
                    login = l;
                    return l.start();
                });
    }

    @Override
    public CompletableFuture<Void> logout() {
        Login l = login;
        login = null;
        return l == null ? CompletableFuture.completedFuture(null) : l.logout();
    }

    @Override
    public Optional<String> currentUser() {
        return Optional.ofNullable(login).map(Login::username);
    }

    @Override
    public CompletableFuture<List<Presence>> users() {
        return running().thenCompose(x -> rt.users().read());
    }

    @Override
    public CompletableFuture<Conversation> open(String username) {
        return withLogin(username, (l, peer) -> {
            if (peer.equals(l.username())) {
                throw new IllegalArgumentException("you cannot open a chat with yourself");
            }
            return rt.accounts()
                    .lookup(peer)
                    .thenCompose(keys -> l.open(
                            keys.orElseThrow(() -> new UnknownUserException("there is no user named '" + peer + "'"))));
        });
    }

    @Override
    public CompletableFuture<List<ChatMessage>> history(String username) {
        return withLogin(username, Login::history);
    }

    @Override
    public CompletableFuture<List<ChatSummary>> chats() {
        Login l = login;
        return l == null ? notLoggedIn() : l.chats();
    }

    private <T> CompletableFuture<T> withLogin(String username, LoginCall<T> call) {
        Login l = login;
        if (l == null) {
            return notLoggedIn();
        }
        try {
            return call.apply(l, Usernames.normalize(username));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
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
    public InetSocketAddress localAddress() {
        return address;
    }

    /** An inbound session connection: for the user logged in, else closed. */
    void accept(Channel channel) {
        Login l = login;
        if (l == null) {
            channel.close();
        } else {
            l.accept(channel);
        }
    }

    /** What the client runs on (tests look inside). */
    ChatRuntime runtime() {
        return rt;
    }

    /** The current login (tests look inside). */
    Optional<Login> currentLogin() {
        return Optional.ofNullable(login);
    }

    /** Stops the client as a crash would: no goodbye, no offline record, no save (tests). */
    void crash() {
        Login l = login;
        login = null;
        closing = CompletableFuture.completedFuture(null);
        if (l != null) {
            l.crash();
        }
        stopNode.run();
    }

    @Override
    public synchronized CompletableFuture<Void> closeAsync() {
        if (closing == null) {
            closing = logout().handle((x, error) -> {
                stopNode.run();
                return null;
            });
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

    private CompletableFuture<Void> running() {
        return closing != null
                ? CompletableFuture.failedFuture(new NodeClosedException("this chat client is closed"))
                : CompletableFuture.completedFuture(null);
    }

    private static <T> CompletableFuture<T> notLoggedIn() {
        return CompletableFuture.failedFuture(new NotLoggedInException("log in first"));
    }

    @FunctionalInterface
    private interface LoginCall<T> {
        CompletableFuture<T> apply(Login login, String peer);
    }
}
