package io.confchat.api.chat;

import java.util.Map;
import java.util.Objects;

/**
 * A sent group message and how far it got with each other member of the epoch it was sent in.
 * {@link DeliveryState#DELIVERED}: the member's client acknowledged it over a live session.
 * {@link DeliveryState#QUEUED}: the member was not reachable live; it fetches the message from the
 * group's one copy in the DHT at its next login (or its next periodic catch-up).
 *
 * @param message the message as sent
 * @param members each other member's username and its state; the map is unmodifiable
 */
public record GroupDelivery(GroupMessage message, Map<String, DeliveryState> members) {
    public GroupDelivery {
        Objects.requireNonNull(message, "message");
        members = Map.copyOf(members);
    }

    /** How many members acknowledged the message live. */
    public long deliveredCount() {
        return members.values().stream()
                .filter(s -> s == DeliveryState.DELIVERED)
                .count();
    }
}
