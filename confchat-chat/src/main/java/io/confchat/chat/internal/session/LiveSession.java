package io.confchat.chat.internal.session;

import io.confchat.api.chat.MessageId;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An established, end-to-end encrypted session with one peer, as its owner uses it. Thread-safe;
 * every method returns at once.
 */
public interface LiveSession {
    /** The peer's username (proven in the handshake). */
    String peer();

    /** The peer's identity key (a copy). */
    byte[] peerIdentityKey();

    /** True for the side that dialed. */
    boolean isInitiator();

    /** True when the session runs through a relay (a hole punch may move it to a direct path). */
    boolean isRelayed();

    /** Sends a hole-punch signal to the peer (see {@link SessionEvent.Signal}); nothing once ended. */
    void signal(byte[] payload);

    /**
     * Sends a group envelope ({@link SessionEvent.Group} at the peer). Not tracked: a group message
     * that is lost is caught up from the DHT, and the group code acknowledges with envelopes.
     *
     * @return {@link Offer#ENDED} when the session no longer takes frames
     */
    Offer sendGroup(byte[] envelope);

    /** True until the session starts to end. */
    boolean isOpen();

    /**
     * Hands a text to the session. When accepted, the session owns the text's future: it completes
     * through {@link SessionEvent.Acknowledged}, or comes back in {@link SessionEvent.Ended}.
     *
     * @return {@link Offer#ENDED} when the session no longer takes texts (the caller keeps it)
     */
    Offer offer(Outgoing text);

    /**
     * Acknowledges received texts to the peer: called once the owner has taken them (shown and
     * recorded), so the peer learns of delivery only when it really happened.
     */
    void acknowledge(List<MessageId> ids);

    /** Tells the peer this user is typing; nothing once the session ended. */
    void typing();

    /** Says goodbye and closes once the goodbye is written; texts still unacknowledged come back. */
    void leave(ByeReason reason);

    /** Completes once the session ended and its {@link SessionEvent.Ended} (if any) was sent. */
    CompletableFuture<Void> ended();

    /** Whether a session took a text. */
    enum Offer {
        ACCEPTED,
        ENDED
    }
}
