package io.confchat.dht.internal.wire;

import io.confchat.api.NodeId;
import java.util.Objects;

/**
 * One message on the wire: the requester's random request id (repeated by the response), the id
 * the sender claims, and the body.
 */
public record Envelope(long requestId, NodeId senderId, Message body) {
    public Envelope {
        Objects.requireNonNull(senderId, "senderId");
        Objects.requireNonNull(body, "body");
    }
}
