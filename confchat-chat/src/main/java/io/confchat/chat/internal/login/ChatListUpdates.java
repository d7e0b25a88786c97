package io.confchat.chat.internal.login;

import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.history.ChatActivity;
import io.confchat.chat.internal.history.ChatListStore;
import io.confchat.chat.internal.history.PinCheck;
import io.confchat.chat.internal.runtime.ChatEvents;
import io.confchat.dht.time.Scheduler;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One login's updates of its chat list: the activity with each peer, unread counts, and the peer's
 * identity key checked against the pin of first contact (a different key is reported to the
 * application, the pin stays). A failed update is logged; the store keeps its change and the next
 * update carries it ({@link ChatListStore}).
 */
final class ChatListUpdates {
    private static final Logger log = LoggerFactory.getLogger(ChatListUpdates.class);

    private final ChatListStore store;
    private final Account me;
    private final Scheduler clock;
    private final ChatEvents events;

    ChatListUpdates(ChatListStore store, Account me, Scheduler clock, ChatEvents events) {
        this.store = store;
        this.me = me;
        this.clock = clock;
        this.events = events;
    }

    /** Records activity with {@code peer}; completes when stored (or the update failed). */
    CompletableFuture<PinCheck> record(UserKeys peer, ChatActivity activity) {
        return store.record(me, peer, clock.now(), activity).handle((check, error) -> {
            if (error != null) {
                log.debug("chat list entry of {} not updated: {}", peer.username(), error.toString());
                return PinCheck.SAME;
            }
            return check;
        });
    }
}
