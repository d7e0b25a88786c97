package io.confchat.api.chat;

import java.util.Objects;

/** A sent message and how far it got. */
public record Delivery(ChatMessage message, DeliveryState state) {
    public Delivery {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(state, "state");
    }
}
