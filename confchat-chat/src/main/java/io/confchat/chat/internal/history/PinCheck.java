package io.confchat.chat.internal.history;

/** How a peer's identity key compares with the one the chat list pinned at first contact. */
public enum PinCheck {
    /** No pin yet: this key is now pinned. */
    PINNED_NOW,
    /** The pinned key. */
    SAME,
    /** Another key than the pinned one (which stays pinned). */
    CHANGED
}
