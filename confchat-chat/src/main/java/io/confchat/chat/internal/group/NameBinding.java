package io.confchat.chat.internal.group;

/**
 * Whether a username a membership record gives an identity key is that key's, by the rules of
 * 1:1 chats: the key pinned for the name, else the name's resolution (replica votes).
 */
public enum NameBinding {
    /** The name's pin, or (none pinned) its resolution, is this key. */
    MATCHES,
    /** The name is pinned to, or resolves to, another key. */
    OTHER_KEY,
    /** The key is known under another name (a member renamed). */
    OTHER_NAME,
    /** The name resolves to nobody, is contested with a tie, or the lookup failed. */
    UNRESOLVED,
    /**
     * Who owns the name could not be confirmed now (too few of its replicas answered, or vouch for
     * one account): the record is not accepted, and the item that carried it is not taken either
     * (not acknowledged, no receipt), so it comes again.
     */
    UNCONFIRMED
}
