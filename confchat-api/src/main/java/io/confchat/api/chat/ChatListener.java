package io.confchat.api.chat;

/**
 * Events of a {@link ChatClient}. Every method has an empty default, so a listener implements
 * what it needs. Called one at a time, in order, on the client's executor (never on a network
 * thread): return quickly and never block.
 */
public interface ChatListener {

    /** A message arrived, live or from the offline inbox ({@link ChatMessage#viaInbox()}); each once. */
    default void onMessage(ChatMessage message) {}

    /** A peer opened a live session to this user; {@link ChatClient#open} joins it. */
    default void onChatRequest(String peer) {}

    /**
     * A live session ended by the peer or the network (never reported for a chat this user left).
     * Texts the peer had not acknowledged are not lost: they are resent over a new session or go
     * to the peer's inbox, and their {@link Delivery} reports which.
     */
    default void onSessionEnded(String peer, SessionEndReason reason) {}

    /** A live peer is typing. */
    default void onTyping(String peer) {}

    /** A sent message moved on, e.g. from {@link DeliveryState#QUEUED} to {@link DeliveryState#DELIVERED}. */
    default void onDelivery(Delivery delivery) {}

    /** A user's status changed since this client last saw it. */
    default void onPresenceChanged(Presence presence) {}

    /**
     * A peer's name now resolves to an identity key different from the one pinned at first
     * contact: the account may have been re-created, or someone impersonates it. The old key stays
     * pinned and is enforced: nothing goes to or comes from the new key until {@link
     * ChatClient#acceptKeyChange} accepts it.
     */
    default void onPeerKeyChanged(String peer) {}

    /**
     * The client's own state changed: a login or logout, a live session opened or closed, messages
     * delivered from the offline inbox (see {@link ClientEvent}); for status lines and metrics.
     */
    default void onClientEvent(ClientEvent event) {}

    /** The nodes holding a username's records disagree on who owns it (see {@link NameConflict}). */
    default void onNameConflict(NameConflict conflict) {}

    /** A group message arrived, live or by catch-up ({@link GroupMessage#viaCatchUp()}); each once. */
    default void onGroupMessage(GroupMessage message) {}

    /** A group's membership changed: a member added, removed or leaving (this user included). */
    default void onGroupChanged(GroupChange change) {}

    /** This user was invited to a group; {@link ChatClient#joinGroup} accepts. */
    default void onGroupInvitation(GroupInvitation invitation) {}

    /** A sent group message moved on: more members acknowledged it (see {@link GroupDelivery}). */
    default void onGroupDelivery(GroupDelivery delivery) {}
}
