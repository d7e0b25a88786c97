package io.confchat.chat.internal.presence;

import io.confchat.api.chat.Presence;
import io.confchat.chat.internal.session.SessionEndpoint;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A user's presence as read from the DHT: the public {@link Presence} plus where a live session
 * reaches the user (directly, or through relays), best first.
 *
 * @param sessionKey the X25519 static key the user's sessions present (empty when offline)
 */
public record PeerPresence(Presence presence, List<SessionEndpoint> endpoints, byte[] sessionKey) {
    public static PeerPresence offline(String username) {
        return new PeerPresence(
                new Presence(username, Presence.Status.OFFLINE, Optional.empty()), List.of(), new byte[0]);
    }

    public static PeerPresence offline(String username, Instant since) {
        return new PeerPresence(
                new Presence(username, Presence.Status.OFFLINE, Optional.of(since)), List.of(), new byte[0]);
    }

    public boolean isOnline() {
        return presence.isOnline() && !endpoints.isEmpty();
    }
}
