package io.confchat.cli;

import io.confchat.api.chat.ChatListener;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.Delivery;
import io.confchat.api.chat.Presence;
import io.confchat.api.chat.SessionEndReason;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code listen} prints, one line per event as it happens: a text line, or with {@code
 * --json} one JSON object with an {@code "event"} field:
 *
 * <pre>
 * ready          {"event":"ready","user":"bot"}                       logged in, reading stdin
 * message        {"event":"message","id","from","to","sentAt","text","viaInbox"}
 * sent           {"event":"sent","to","id","state":"queued"|"delivered"[,"ref"]}  a stdin line went out
 * delivery       {"event":"delivery","to","id","state":"delivered"}   a queued text reached the peer
 * presence       {"event":"presence","user","status":"online"|"away"|"offline"}
 * chat-request   {"event":"chat-request","from"}                      a peer opened a live session
 * session-ended  {"event":"session-ended","peer","reason":"peer_left"|"connection_lost"|"corrupted"}
 * key-changed    {"event":"key-changed","peer"}                       the peer's identity key changed
 * error          {"event":"error","error"[,"line"][,"ref"]}           a stdin line was not sent
 * </pre>
 *
 * Thread-safe (each line is printed whole through {@link Output}).
 */
final class ListenEvents implements ChatListener {
    private final Output out;
    private final boolean json;

    ListenEvents(Output out, boolean json) {
        this.out = out;
        this.json = json;
    }

    void ready(String user) {
        emit(
                event("ready", "user", user),
                "logged in as " + user + ": listening; lines on stdin are sent "
                        + "(bob: text, or {\"to\":\"bob\",\"text\":\"...\"}); Ctrl-C stops");
    }

    @Override
    public void onMessage(ChatMessage m) {
        Map<String, Object> e = event("message");
        e.putAll(Messages.json(m));
        emit(e, Messages.line(m) + (m.viaInbox() ? " (sent while you were offline)" : ""));
    }

    void sent(Delivery d, Optional<String> ref) {
        Map<String, Object> e = event("sent");
        e.putAll(Results.sent(d));
        ref.ifPresent(r -> e.put("ref", r));
        emit(
                e,
                "sent to " + d.message().to() + " (" + Results.state(d.state()) + "): "
                        + d.message().id());
    }

    void error(String error, long line, Optional<String> ref) {
        Map<String, Object> e = event("error", "error", error);
        if (line > 0) {
            e.put("line", line);
        }
        ref.ifPresent(r -> e.put("ref", r));
        emit(e, "error" + (line > 0 ? " on line " + line : "") + ": " + error);
    }

    @Override
    public void onDelivery(Delivery d) {
        Map<String, Object> e = event("delivery");
        e.putAll(Results.sent(d));
        emit(
                e,
                Results.state(d.state()) + " to " + d.message().to() + ": "
                        + d.message().id());
    }

    @Override
    public void onPresenceChanged(Presence p) {
        String status = p.status().name().toLowerCase(Locale.ROOT);
        Map<String, Object> e = event("presence", "user", p.username());
        e.put("status", status);
        emit(e, p.username() + " is " + status);
    }

    @Override
    public void onChatRequest(String peer) {
        emit(event("chat-request", "from", peer), peer + " opened a live chat");
    }

    @Override
    public void onSessionEnded(String peer, SessionEndReason reason) {
        Map<String, Object> e = event("session-ended", "peer", peer);
        e.put("reason", reason.name().toLowerCase(Locale.ROOT));
        emit(e, "the live chat with " + peer + " ended (" + reason.name().toLowerCase(Locale.ROOT) + ")");
    }

    @Override
    public void onPeerKeyChanged(String peer) {
        emit(
                event("key-changed", "peer", peer),
                "WARNING: " + peer + "'s identity key is not the one you first chatted with");
    }

    private static Map<String, Object> event(String name) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("event", name);
        return e;
    }

    private static Map<String, Object> event(String name, String key, Object value) {
        Map<String, Object> e = event(name);
        e.put(key, value);
        return e;
    }

    private void emit(Map<String, Object> event, String text) {
        out.line(json ? Json.write(event) : text);
    }
}
