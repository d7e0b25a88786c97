package io.confchat.chat.internal.session;

import io.confchat.api.chat.SessionEndReason;
import java.util.Optional;

/** Why a live session ended, as the session itself knows it. */
public enum EndReason {
    /** This side said goodbye (left the chat or logged out). */
    LEFT(null),
    /** The peer said goodbye. */
    PEER_LEFT(SessionEndReason.PEER_LEFT),
    /** The connection closed without a goodbye, or the peer stopped acknowledging texts. */
    CONNECTION_LOST(SessionEndReason.CONNECTION_LOST),
    /** A transport message failed to decrypt or decode. */
    CORRUPTED(SessionEndReason.CORRUPTED);

    private final SessionEndReason reported;

    EndReason(SessionEndReason reported) {
        this.reported = reported;
    }

    /** What the application is told; empty when this side ended the session itself. */
    public Optional<SessionEndReason> reported() {
        return Optional.ofNullable(reported);
    }

    /** The reason once {@code next} happens after this one: our own goodbye stays the reason. */
    EndReason then(EndReason next) {
        return this == LEFT ? LEFT : next;
    }

    /** True when the connection broke rather than ended by a goodbye: worth a redial. */
    public boolean broke() {
        return this == CONNECTION_LOST || this == CORRUPTED;
    }
}
