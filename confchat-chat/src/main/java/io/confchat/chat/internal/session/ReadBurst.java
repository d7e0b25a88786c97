package io.confchat.chat.internal.session;

import io.confchat.api.chat.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What one read burst of a session brought (texts, acknowledgements, typing), reported as one
 * event of each kind when the burst ends: a thousand texts read at once are one event, not a
 * thousand. Event loop only.
 */
final class ReadBurst {
    private List<ChatMessage> texts = new ArrayList<>();
    private List<Outgoing> delivered = new ArrayList<>();
    private boolean typing;

    void text(ChatMessage m) {
        texts.add(m);
    }

    void delivered(List<Outgoing> done) {
        delivered.addAll(done);
    }

    void typing() {
        typing = true;
    }

    /** Reports and forgets what the burst brought. */
    void report(LiveSession session, Consumer<SessionEvent> events) {
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
