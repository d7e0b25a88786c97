package io.confchat.api.chat;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A user's status as the network shows it.
 *
 * @param username the user
 * @param status online, away or offline
 * @param since when the user's client last announced this status, if it ever did
 */
public record Presence(String username, Status status, Optional<Instant> since) {
    public Presence {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(since, "since");
    }

    /** True when the user can be reached live. */
    public boolean isOnline() {
        return status == Status.ONLINE;
    }

    /** A user status. */
    public enum Status {
        ONLINE,
        AWAY,
        OFFLINE
    }
}
