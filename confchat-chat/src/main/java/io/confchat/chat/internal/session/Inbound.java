package io.confchat.chat.internal.session;

import io.confchat.api.chat.ChatMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a live session reads, the mirror of {@link Outbound}: texts, acknowledgements and typing
 * are collected over one read burst and reported as one event of each kind when the burst ends (a
 * thousand texts read at once are one event, not a thousand); signals are reported at once.
 * Nothing is taken after the peer's goodbye. Event loop only.
 */
final class Inbound {
    private final LiveSession session;
    private final String me;
    private final AckTracker tracker;
    private final Consumer<SessionEvent> events;
    private final Runnable peerLeft;
    private List<ChatMessage> texts = new ArrayList<>();
    private List<Outgoing> delivered = new ArrayList<>();
    private boolean typing;
    private boolean peerSaidBye;

    /**
     * @param me the user {@code session} belongs to, the recipient of the texts read
     * @param tracker the texts sent on the session, settled by the acknowledgements read
     * @param peerLeft run once, when the peer's goodbye is read
     */
    Inbound(LiveSession session, String me, AckTracker tracker, Consumer<SessionEvent> events, Runnable peerLeft) {
        this.session = session;
        this.me = me;
        this.tracker = tracker;
        this.events = events;
        this.peerLeft = peerLeft;
    }

    /**
     * Takes one frame. Texts and signals are taken only while {@code open}: a text arriving after
     * our goodbye is not taken, and its sender sends it again.
     */
    void read(Frame f, boolean open) {
        if (peerSaidBye) {
            return;
        }
        if (f instanceof Frame.Text t) {
            if (open) {
                Instant sentAt = Instant.ofEpochMilli(t.sentAtMillis());
                texts.add(new ChatMessage(t.id(), session.peer(), me, sentAt, t.body(), false));
            }
        } else if (f instanceof Frame.Ack a) {
            delivered.addAll(tracker.acknowledge(a.ids()));
        } else if (f instanceof Frame.Typing) {
            typing = true;
        } else if (f instanceof Frame.Signal signal) {
            if (open) {
                events.accept(new SessionEvent.Signal(session, signal.payload()));
            }
        } else if (f instanceof Frame.Group g) {
            if (open) {
                events.accept(new SessionEvent.Group(session, g.payload()));
            }
        } else if (f instanceof Frame.Bye) {
            peerSaidBye = true;
            peerLeft.run();
        }
    }

    /** Reports and forgets what the burst brought. */
    void report() {
        if (!texts.isEmpty()) {
            List<ChatMessage> t = texts;
            texts = new ArrayList<>();
            events.accept(new SessionEvent.Received(session, t));
        }
        if (!delivered.isEmpty()) {
            List<Outgoing> d = delivered;
            delivered = new ArrayList<>();
            events.accept(new SessionEvent.Acknowledged(session, d));
        }
        if (typing) {
            typing = false;
            events.accept(new SessionEvent.Typing(session));
        }
    }
}
