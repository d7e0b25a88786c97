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
    /** The name is contested: two owners with as many votes. */
    UNRESOLVED,
    /**
     * Who owns the name could not be confirmed now: too few of its replicas answered, or vouch for
     * one account, or those heard hold no record of it, or the lookup failed. The record is not
     * accepted, and the item that carried it is not taken either (not acknowledged, no receipt), so
     * it comes again: an item taken would be gone, and with it the chain it carried.
     */
    UNCONFIRMED
}
