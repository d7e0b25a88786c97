package io.confchat.chat.internal.login;

import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.ConversationPath;
import io.confchat.api.chat.Delivery;
import io.confchat.api.chat.NotLoggedInException;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.history.ChatActivity;
import io.confchat.chat.internal.session.ByeReason;
import io.confchat.chat.internal.session.LiveSession;
import io.confchat.chat.internal.session.Sessions;
import io.confchat.dht.time.Scheduler;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open conversations of one login, one per peer, and what the application does through them:
 * send (through the {@link Router}), typing, leave. Every message of a conversation, sent or
 * received, also goes to the history. Thread-safe.
 */
final class Conversations {
    private final Account me;
    private final Sessions sessions;
    private final Router router;
    private final Histories histories;
    private final Scheduler clock;
    private final MessageIdSource ids;
    private final int window;
    private final ChatListUpdates chatList;
    private final Map<String, OpenConversation> open = new ConcurrentHashMap<>();
    private volatile boolean ended;

    Conversations(
            Account me,
            Sessions sessions,
            Router router,
            Histories histories,
            Scheduler clock,
            SecureRandom random,
            int window,
            ChatListUpdates chatList) {
        this.me = me;
        this.sessions = sessions;
        this.router = router;
        this.histories = histories;
        this.clock = clock;
        this.ids = new MessageIdSource(random);
        this.window = window;
        this.chatList = chatList;
    }

    /** How many conversations are open. */
    int size() {
        return open.size();
    }

    /** The open conversation with {@code peer}, created if there is none. */
    OpenConversation open(UserKeys peer) {
        return open.compute(
                peer.username(),
                (name, existing) ->
                        existing != null && !existing.isClosed() ? existing : new OpenConversation(peer, window, this));
    }

    Optional<OpenConversation> get(String peer) {
        return Optional.ofNullable(open.get(peer)).filter(c -> !c.isClosed());
    }

    boolean isLive(String peer) {
        return sessions.current(peer).isPresent();
    }

    ConversationPath path(String peer) {
        return sessions.current(peer)
                .map(s -> s.isRelayed() ? ConversationPath.RELAYED : ConversationPath.DIRECT)
                .orElse(ConversationPath.INBOX);
    }

    void typing(String peer) {
        sessions.current(peer).ifPresent(LiveSession::typing);
    }

    CompletableFuture<Delivery> send(OpenConversation c, String text) {
        if (ended) {
            return CompletableFuture.failedFuture(new NotLoggedInException("log in again to send to " + c.peer()));
        }
        ChatMessage m = new ChatMessage(ids.next(), me.username(), c.peer(), clock.now(), text, false);
        c.window().add(m);
        histories.add(c.peer(), m);
        return router.send(c.peerKeys(), m);
    }

    /** Leaves a conversation: a goodbye to a live peer, then its history is saved. */
    CompletableFuture<Void> close(OpenConversation c) {
        open.remove(c.peer(), c);
        CompletableFuture<Void> left = sessions.current(c.peer())
                .map(s -> {
                    s.leave(ByeReason.LEFT);
                    return s.ended();
                })
                .orElse(CompletableFuture.completedFuture(null));
        return left.thenCompose(x -> histories.flush(c.peer()))
                .thenCompose(saved -> chatList.record(c.peerKeys(), ChatActivity.EXCHANGED))
                .thenApply(check -> null);
    }

    /** Leaves every conversation; sending through them fails from now on (a logout). */
    CompletableFuture<Void> closeAll() {
        ended = true;
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (OpenConversation c : List.copyOf(open.values())) {
            all.add(c.close());
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }
}
