package io.confchat.chat.internal.session;

/** Why a side says goodbye to a live session (chat.proto {@code ByeReason}). */
public enum ByeReason {
    /** The user left the chat. */
    LEFT(1),
    /** The user logged out or closed the client. */
    LOGGED_OUT(2);

    final int wire;

    ByeReason(int wire) {
        this.wire = wire;
    }

    /** The reason with this wire value; an unknown (newer) value reads as {@link #LEFT}. */
    static ByeReason fromWire(int value) {
        return value == LOGGED_OUT.wire ? LOGGED_OUT : LEFT;
    }
}
