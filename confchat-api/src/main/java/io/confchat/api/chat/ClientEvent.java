package io.confchat.api.chat;

/**
 * An important change of a {@link ChatClient}'s own state, told to {@link
 * ChatListener#onClientEvent}: logins, live sessions, the offline inbox. Switch over the permitted
 * types; new ones may be added in later versions (keep a default).
 */
public sealed interface ClientEvent {

    /** {@code user} logged in: announced online, inbox fetched once. */
    record LoggedIn(String user) implements ClientEvent {}

    /** {@code user} logged out (or the client closed): conversations left, announced offline. */
    record LoggedOut(String user) implements ClientEvent {}

    /**
     * A live session with {@code peer} opened (or replaced the one before, after a redial or a
     * hole punch).
     *
     * @param inbound true when the peer dialed this client
     */
    record SessionOpened(String peer, boolean inbound) implements ClientEvent {}

    /** The live session with {@code peer} ended and no other replaced it. */
    record SessionClosed(String peer) implements ClientEvent {}

    /**
     * Messages that waited in this user's offline inbox were fetched and shown (each also reached
     * {@link ChatListener#onMessage}).
     *
     * @param messages how many, at least 1
     */
    record InboxDelivered(int messages) implements ClientEvent {}
}
