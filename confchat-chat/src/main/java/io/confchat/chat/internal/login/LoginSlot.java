package io.confchat.chat.internal.login;

import io.confchat.api.chat.ClientEvent;
import io.confchat.api.chat.NotLoggedInException;
import io.confchat.chat.internal.records.Usernames;
import io.confchat.chat.internal.runtime.ChatRuntime;
import io.confchat.chat.internal.runtime.KnownUser;
import io.netty.channel.Channel;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The one {@link Login} a client holds at a time: logging in ends the previous login first;
 * session connections go to the current login, or are closed when nobody is logged in.
 * Thread-safe.
 */
public final class LoginSlot {
    private final ChatRuntime rt;
    private volatile Login current;

    public LoginSlot(ChatRuntime rt) {
        this.rt = rt;
    }

    /** Logs out whoever is logged in, then logs {@code username} in (bcrypt on the worker). */
    public CompletableFuture<Void> login(String username, String password) {
        return logout().thenCompose(x -> rt.accounts().login(username, password))
                .thenCompose(account -> {
                    Login l = new Login(rt, account);
                    current = l;
                    return l.start()
                            .thenRun(() -> rt.events()
                                    .emit(listener -> listener.onClientEvent(new ClientEvent.LoggedIn(l.username()))));
                });
    }

    public CompletableFuture<Void> logout() {
        Login l = current;
        current = null;
        if (l == null) {
            return CompletableFuture.completedFuture(null);
        }
        return l.logout()
                .whenComplete((x, error) ->
                        rt.events().emit(listener -> listener.onClientEvent(new ClientEvent.LoggedOut(l.username()))));
    }

    public Optional<Login> current() {
        return Optional.ofNullable(current);
    }

    /**
     * Calls {@code call} on the current login with {@code username} normalized; fails with {@link
     * NotLoggedInException} when nobody is logged in, and with what {@code call} throws.
     */
    public <T> CompletableFuture<T> with(String username, BiFunction<Login, String, CompletableFuture<T>> call) {
        return withLogin(l -> call.apply(l, Usernames.normalize(username)));
    }

    /** Calls {@code call} on the current login; fails with {@link NotLoggedInException} when there is none. */
    public <T> CompletableFuture<T> withLogin(Function<Login, CompletableFuture<T>> call) {
        Login l = current;
        if (l == null) {
            return CompletableFuture.failedFuture(new NotLoggedInException("log in first"));
        }
        try {
            return call.apply(l);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The people the current user knows (chat list peers), or none when nobody is logged in. */
    public CompletableFuture<List<KnownUser>> known() {
        Login l = current;
        return l == null ? CompletableFuture.completedFuture(List.of()) : l.known();
    }

    /** Ends the login at once, as a crash would (tests). */
    public void crash() {
        Login l = current;
        current = null;
        if (l != null) {
            l.crash();
        }
    }

    /** An inbound session connection: for the user logged in, else closed. */
    public void accept(Channel channel) {
        Login l = current;
        if (l == null) {
            channel.close();
        } else {
            l.accept(channel);
        }
    }
}
