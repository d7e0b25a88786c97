package io.confchat.cli;

import java.time.Duration;
import java.util.Map;

/** Waits for {@code listen --json} events of a process, by name and fields. */
final class ListenEventsAwait {
    private ListenEventsAwait() {}

    /** True when the JSON event on {@code line} has every one of {@code fields}. */
    static boolean matches(String line, Map<String, Object> fields) {
        Map<String, Object> e = JsonReader.readObject(line);
        return fields.entrySet().stream().allMatch(f -> f.getValue().equals(e.get(f.getKey())));
    }

    /** Waits for the next event named {@code name} whose fields include {@code fields}. */
    static Map<String, Object> event(SupernodeProcess p, String name, Map<String, Object> fields, Duration timeout)
            throws InterruptedException {
        String line = p.awaitMatching(
                l -> name.equals(JsonReader.readObject(l).get("event")) && matches(l, fields),
                "event " + name + " " + fields,
                timeout);
        return JsonReader.readObject(line);
    }
}
