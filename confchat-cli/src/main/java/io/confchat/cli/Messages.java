package io.confchat.cli;

import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.GroupMessage;
import io.confchat.api.chat.MessageId;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the non-interactive commands show messages: {@code [yyyy-MM-dd HH:mm] alice: text}, or as
 * a JSON object ({@code id, from, to, sentAt, text, viaInbox}), which the control socket also
 * carries and {@link #fromJson} reads back.
 */
final class Messages {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private Messages() {}

    static String line(ChatMessage m) {
        return "[" + TIME.format(m.sentAt()) + "] " + m.from() + ": " + m.text();
    }

    /** The line of a group message in its JSON form (with the group's {@code name}). */
    static String groupLine(Object message) {
        return "[" + TIME.format(Instant.parse(Results.field(message, "sentAt"))) + "] " + GroupRefs.MARK
                + Results.field(message, "name") + " " + Results.field(message, "from") + ": "
                + Results.field(message, "text");
    }

    /** {@code {"group","id","from","sentAt","text","viaCatchUp"}}. */
    static Map<String, Object> json(GroupMessage m) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("group", m.group().toString());
        o.put("id", m.id().toString());
        o.put("from", m.from());
        o.put("sentAt", m.sentAt().toString());
        o.put("text", m.text());
        o.put("viaCatchUp", m.viaCatchUp());
        return o;
    }

    static Map<String, Object> json(ChatMessage m) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", m.id().toString());
        o.put("from", m.from());
        o.put("to", m.to());
        o.put("sentAt", m.sentAt().toString());
        o.put("text", m.text());
        o.put("viaInbox", m.viaInbox());
        return o;
    }

    static List<Object> json(List<ChatMessage> messages) {
        List<Object> list = new ArrayList<>(messages.size());
        messages.forEach(m -> list.add(json(m)));
        return list;
    }

    /**
     * A message from its JSON object.
     *
     * @throws IllegalArgumentException if a field is missing or malformed
     */
    static ChatMessage fromJson(Object value) {
        if (!(value instanceof Map<?, ?> o)) {
            throw new IllegalArgumentException("a message is a JSON object");
        }
        try {
            return new ChatMessage(
                    MessageId.parse(string(o, "id")),
                    string(o, "from"),
                    string(o, "to"),
                    Instant.parse(string(o, "sentAt")),
                    string(o, "text"),
                    Boolean.TRUE.equals(o.get("viaInbox")));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("a message with a malformed time");
        }
    }

    static List<ChatMessage> listFromJson(Object value) {
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("expected a list of messages");
        }
        return list.stream().map(Messages::fromJson).toList();
    }

    static void print(Output out, List<ChatMessage> messages, boolean json) {
        if (json) {
            out.line(Json.write(json(messages)));
            return;
        }
        messages.forEach(m -> out.line(line(m)));
    }

    private static String string(Map<?, ?> o, String key) {
        if (o.get(key) instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("a message without \"" + key + "\"");
    }
}
