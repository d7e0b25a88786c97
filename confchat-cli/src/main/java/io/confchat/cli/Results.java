package io.confchat.cli;

import io.confchat.api.chat.Delivery;
import io.confchat.api.chat.DeliveryState;
import io.confchat.api.chat.Presence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of the one-shot commands as JSON values, the same whether the command did the work
 * itself or a running node answered through the control socket; the commands print them as
 * text or, with {@code --json}, as they are.
 */
final class Results {
    private Results() {}

    /** {@code {"to","id","state"}} of a sent text. */
    static Map<String, Object> sent(Delivery d) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("to", d.message().to());
        result.put("id", d.message().id().toString());
        result.put("state", state(d.state()));
        return result;
    }

    static String state(DeliveryState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    /** {@code [{"username","status"}...]}. */
    static List<Object> users(List<Presence> users) {
        List<Object> list = new ArrayList<>();
        for (Presence p : users) {
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("username", p.username());
            u.put("status", p.status().name().toLowerCase(Locale.ROOT));
            list.add(u);
        }
        return list;
    }

    /** A field of a result object, for printing it as text. */
    static String field(Object result, String key) {
        if (result instanceof Map<?, ?> map && map.get(key) != null) {
            return String.valueOf(map.get(key));
        }
        throw new CliFailure("the running node answered without \"" + key + "\"");
    }

    /** The elements of a result list. */
    static List<?> list(Object result) {
        if (result instanceof List<?> list) {
            return list;
        }
        throw new CliFailure("the running node answered something other than a list");
    }
}
