package io.confchat.chat.internal.session;

/**
 * Why a session was dialed, as its dialer says in the handshake: a session for a chat is announced
 * to the user at once (a chat request), one for group traffic only when a text or typing arrives
 * on it, so members dialed for a group's fan-out do not see a chat request from every sender.
 */
public enum SessionIntent {
    /** A chat with the user; also what a peer that does not say means. */
    CHAT,
    /** Group traffic: a group's messages, control items and receipts. */
    GROUP
}
