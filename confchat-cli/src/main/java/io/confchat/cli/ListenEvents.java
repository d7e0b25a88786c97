package io.confchat.cli;

import io.confchat.api.chat.ChatListener;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.Delivery;
import io.confchat.api.chat.GroupChange;
import io.confchat.api.chat.GroupDelivery;
import io.confchat.api.chat.GroupInfo;
import io.confchat.api.chat.GroupInvitation;
import io.confchat.api.chat.GroupMessage;
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
 * group-message  {"event":"group-message","group","name","id","from","sentAt","text","viaCatchUp"}
 * group-sent     {"event":"group-sent","group","name","id","delivered","members":{user:state}[,"ref"]}
 * group-delivery {"event":"group-delivery","group","name","id","delivered","members":{...}}
 * group-invitation {"event":"group-invitation","from","group":{"id","name","epoch","joined","members"}}
 * group-change   {"event":"group-change","by","added":[...],"removed":[...],"group":{...}}
 * </pre>
 *
 * A group's {@code name} is given once the group was seen (an invitation, a change, a list);
 * its {@code group} id always.
 *
 * Thread-safe (each line is printed whole through {@link Output}).
 */
final class ListenEvents implements ChatListener {
    private final Output out;
    private final boolean json;
    private final OpenGroups groups;

    ListenEvents(Output out, boolean json, OpenGroups groups) {
        this.out = out;
        this.json = json;
        this.groups = groups;
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

    @Override
    public void onGroupMessage(GroupMessage m) {
        Map<String, Object> e = event("group-message");
        e.putAll(Messages.json(m));
        groups.known(m.group()).ifPresent(g -> e.put("name", g.name()));
        emit(
                e,
                "[" + m.sentAt() + "] " + groups.label(m.group()) + " " + m.from() + ": " + m.text()
                        + (m.viaCatchUp() ? " (sent while you were offline)" : ""));
    }

    void sentToGroup(Map<String, Object> delivery, Optional<String> ref) {
        Map<String, Object> e = event("group-sent");
        e.putAll(delivery);
        ref.ifPresent(r -> e.put("ref", r));
        emit(e, GroupAction.deliveryLine(delivery));
    }

    @Override
    public void onGroupDelivery(GroupDelivery d) {
        Map<String, Object> e = event("group-delivery");
        groups.known(d.message().group()).ifPresentOrElse(g -> e.putAll(GroupAction.delivery(g, d)), () -> {
            e.put("group", d.message().group().toString());
            e.put("id", d.message().id().toString());
            e.put("delivered", d.deliveredCount());
        });
        emit(
                e,
                d.deliveredCount() + " of " + d.members().size() + " members of "
                        + groups.label(d.message().group()) + " received "
                        + d.message().id());
    }

    @Override
    public void onGroupInvitation(GroupInvitation invitation) {
        GroupInfo g = invitation.group();
        Map<String, Object> e = event("group-invitation", "from", invitation.from());
        e.put("group", GroupRefs.json(g));
        emit(
                e,
                invitation.from() + " invited you to " + GroupRefs.label(g) + " (" + GroupRefs.members(g)
                        + "): 'confchat group join " + GroupRefs.label(g) + "' accepts");
    }

    @Override
    public void onGroupChanged(GroupChange change) {
        Map<String, Object> e = event("group-change", "by", change.by());
        e.put("added", change.added());
        e.put("removed", change.removed());
        e.put("group", GroupRefs.json(change.group()));
        emit(e, GroupRefs.label(change.group()) + ": " + GroupRefs.describe(change));
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
