package io.confchat.api.chat;

/** Where a sent text is on its way to the peer. */
public enum DeliveryState {
    /** Stored in the peer's offline inbox in the DHT; the peer gets it at its next login. */
    QUEUED,
    /** The peer's client acknowledged it (live, or after fetching it from the inbox). */
    DELIVERED
}
