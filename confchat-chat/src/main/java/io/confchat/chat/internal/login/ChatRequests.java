package io.confchat.chat.internal.login;

import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.session.SessionEvent;
import io.confchat.chat.internal.session.SessionIntent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * When a peer's dial becomes a chat request the user is told about: at once for a session dialed
 * for a chat, and for one dialed for group traffic (a member fanning out a group message) only
 * when a text or typing arrives on it, so a group's members are not asked "bob wants to chat" by
 * every sender. Thread-safe.
 */
final class ChatRequests {
    private final Consumer<UserKeys> announce;
    private final Map<String, UserKeys> groupOnly = new ConcurrentHashMap<>();

    /** @param announce opens the conversation with the peer and tells the user (once per request) */
    ChatRequests(Consumer<UserKeys> announce) {
        this.announce = announce;
    }

    /** A session is up: an inbound one for a chat is a request now, one for a group maybe later. */
    void established(SessionEvent.Established e) {
        if (!e.inbound()) {
            return;
        }
        if (e.intent() == SessionIntent.GROUP) {
            groupOnly.put(e.peer().username(), e.peer());
        } else {
            groupOnly.remove(e.peer().username());
            announce.accept(e.peer());
        }
    }

    /** A text or typing arrived from {@code peer}: a session dialed for a group becomes a chat request. */
    void chatting(String peer) {
        UserKeys keys = groupOnly.remove(peer);
        if (keys != null) {
            announce.accept(keys);
        }
    }

    /** No session with {@code peer} is open any more. */
    void ended(String peer) {
        groupOnly.remove(peer);
    }
}
