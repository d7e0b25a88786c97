package io.confchat.api.chat;

/**
 * How a text sent in a {@link Conversation} travels now ({@link Conversation#path()}). A live
 * conversation may change path while it runs: a relayed one moves to a direct connection when a
 * hole punch succeeds, a direct or relayed one to the inbox when its connection breaks and cannot
 * be redialed.
 */
public enum ConversationPath {
    /** Live, over a connection straight to the peer's device. */
    DIRECT,
    /**
     * Live, through a relay (the peer, or this device, cannot be dialed directly). The session is
     * end-to-end encrypted: the relay passes ciphertext only.
     */
    RELAYED,
    /** Not live: texts go to the peer's offline inbox in the DHT. */
    INBOX
}
