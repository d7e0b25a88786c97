package io.confchat.chat.internal.session;

/** Why a side says goodbye to a live session (chat.proto {@code ByeReason}). */
public enum ByeReason {
    /** The user left the chat. */
    LEFT(1),
    /** The user logged out or closed the client. */
    LOGGED_OUT(2),
    /**
     * The dialer was refused: its user record does not hold the key it proved, or it is not the key
     * the user pinned. The dialer does not redial.
     */
    REFUSED(3);

    final int wire;

    ByeReason(int wire) {
        this.wire = wire;
    }

    /** The reason with this wire value; an unknown (newer) value reads as {@link #LEFT}. */
    static ByeReason fromWire(int value) {
        for (ByeReason r : values()) {
            if (r.wire == value) {
                return r;
            }
        }
        return LEFT;
    }
}
