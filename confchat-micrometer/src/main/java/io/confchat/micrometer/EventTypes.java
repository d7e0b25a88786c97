package io.confchat.micrometer;

import java.util.Locale;

/** The {@code type} tag of an event counter: the event record's simple name in snake case. */
final class EventTypes {
    private EventTypes() {}

    /** {@code NetworkLost} -> {@code network_lost}. */
    static String tagOf(Object event) {
        return event.getClass()
                .getSimpleName()
                .replaceAll("([a-z])([A-Z])", "$1_$2")
                .toLowerCase(Locale.ROOT);
    }
}
