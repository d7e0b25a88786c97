package io.confchat.cli;

import io.confchat.api.chat.ChatMessage;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How the CLI shows messages: {@code [yyyy-MM-dd HH:mm] alice: text}, or JSON. */
final class Messages {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private Messages() {}

    static String line(ChatMessage m) {
        return "[" + TIME.format(m.sentAt()) + "] " + m.from() + ": " + m.text();
    }

    static void print(PrintWriter out, List<ChatMessage> messages, boolean json) {
        if (json) {
            List<Object> list = new ArrayList<>();
            for (ChatMessage m : messages) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("id", m.id());
                o.put("from", m.from());
                o.put("to", m.to());
                o.put("sentAt", m.sentAt().toString());
                o.put("text", m.text());
                o.put("viaInbox", m.viaInbox());
                list.add(o);
            }
            out.println(Json.write(list));
            return;
        }
        messages.forEach(m -> out.println(line(m)));
    }
}
