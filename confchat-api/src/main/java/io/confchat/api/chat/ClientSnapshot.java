package io.confchat.api.chat;

import java.util.Objects;
import java.util.Optional;

/**
 * The state of a {@link ChatClient} at one moment, from {@link ChatClient#snapshot()}: what an
 * operator or a status line shows. An immutable value.
 *
 * @param user the logged-in user, if any
 * @param presence what this client last announced for the user: {@link Presence.Status#ONLINE}
 *     from login until logout, {@link Presence.Status#OFFLINE} otherwise
 * @param liveSessions peers with a live (end-to-end encrypted) session open now
 * @param openConversations conversations open now ({@link ChatClient#open}, or opened by a peer)
 * @param queuedForPeers texts this user sent to offline peers' inboxes that those peers have not
 *     fetched yet (each one's {@link Delivery} is still {@link DeliveryState#QUEUED})
 * @param inboxReceived messages fetched from this user's own offline inbox and shown, since the
 *     client started (only grows)
 * @param closed whether the client was closed
 */
public record ClientSnapshot(
        Optional<String> user,
        Presence.Status presence,
        int liveSessions,
        int openConversations,
        int queuedForPeers,
        long inboxReceived,
        boolean closed) {
    public ClientSnapshot {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(presence, "presence");
    }
}
