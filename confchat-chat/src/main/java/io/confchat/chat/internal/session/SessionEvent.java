package io.confchat.chat.internal.session;

import io.confchat.api.chat.ChatMessage;
import io.confchat.chat.internal.account.UserKeys;
import java.util.List;

/**
 * What live sessions report to the login that owns them, as values: one type, one listener.
 * Delivered on the channel's event loop (or the scheduler's thread for a timeout); the receiver
 * hands them to its own executor and returns at once.
 */
public sealed interface SessionEvent {
    /** The session the event is about. */
    LiveSession session();

    /**
     * A session is up and kept for its peer; {@code inbound} when the peer dialed it, for {@code
     * intent} (a chat request, or group traffic). {@code peer} holds the keys of the peer's user
     * record.
     */
    record Established(LiveSession session, boolean inbound, SessionIntent intent, UserKeys peer)
            implements SessionEvent {}

    /** Texts that arrived in one read, in order; each was acknowledged to the peer. */
    record Received(LiveSession session, List<ChatMessage> texts) implements SessionEvent {}

    /** The peer acknowledged these texts; their futures are still to be completed. */
    record Acknowledged(LiveSession session, List<Outgoing> delivered) implements SessionEvent {}

    /** The peer is typing. */
    record Typing(LiveSession session) implements SessionEvent {}

    /**
     * The peer sent a hole-punch signal ({@code PathSignal} of chat.proto, not parsed here) over a
     * relayed session.
     */
    record Signal(LiveSession session, byte[] payload) implements SessionEvent {}

    /** The peer sent a group envelope ({@code GroupEnvelope} of group.proto, not parsed here). */
    record Group(LiveSession session, byte[] payload) implements SessionEvent {}

    /**
     * The session ended; {@code unacknowledged} are the texts the peer never acknowledged, oldest
     * first, whose futures are still pending: the receiver resends them or stores them.
     */
    record Ended(LiveSession session, EndReason reason, List<Outgoing> unacknowledged) implements SessionEvent {}
}
