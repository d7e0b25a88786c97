package io.confchat.api.chat;

/** Why a live session with a peer ended, as {@link ChatListener#onSessionEnded} reports it. */
public enum SessionEndReason {
    /** The peer left the chat (or logged out). */
    PEER_LEFT,
    /**
     * The connection was lost: closed without a goodbye, or the peer stopped acknowledging texts.
     * Unacknowledged texts are resent over a new session or go to the peer's inbox.
     */
    CONNECTION_LOST,
    /**
     * A frame failed to decrypt or decode, so the connection was closed (a broken or tampered
     * path). Unacknowledged texts are resent or go to the inbox, as for {@link #CONNECTION_LOST}.
     */
    CORRUPTED
}
