package io.confchat.chat;

import io.confchat.api.chat.ChatMessage;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.history.HistoryStore;
import io.confchat.chat.internal.inbox.InboxReader;
import io.confchat.chat.internal.inbox.InboxSeal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What {@link DhtChatClient} does with its inbox: fetch it (at login and every poll), show each
 * new message once (to its open conversation and the listeners), save it to the history, and
 * count it as unread in the chat list when no conversation with the sender is open.
 */
final class InboxDelivery {
    private final DhtChatClient client;
    private final InboxReader inbox;
    private final HistoryStore history;

    InboxDelivery(DhtChatClient client, InboxReader inbox, HistoryStore history) {
        this.client = client;
        this.inbox = inbox;
        this.history = history;
    }

    CompletableFuture<Void> fetch(DhtChatClient.Login l) {
        return inbox.fetch(l.account, client.seen()::contains).thenCompose(opened -> {
            List<CompletableFuture<Void>> saved = new ArrayList<>();
            for (InboxSeal.Opened o : opened) {
                saved.add(deliver(l, o));
            }
            return CompletableFuture.allOf(saved.toArray(CompletableFuture[]::new));
        });
    }

    private CompletableFuture<Void> deliver(DhtChatClient.Login l, InboxSeal.Opened o) {
        ChatMessage m = o.message();
        if (!client.seen().add(m.id())) {
            return CompletableFuture.completedFuture(null);
        }
        ChatConversation c = client.conversations().get(m.from());
        boolean shown = c != null && !c.isClosed();
        if (shown) {
            c.add(m);
        }
        client.emit(x -> x.onMessage(m));
        UserKeys sender = new UserKeys(m.from(), o.senderIdentityKey(), new byte[0]);
        return history.append(l.account, m.from(), List.of(m))
                .thenCompose(x -> client.touchChat(l, sender, false, shown ? 0 : 1))
                .exceptionally(error -> null);
    }
}
