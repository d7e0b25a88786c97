package io.confchat.dht.internal.wire;

import io.confchat.api.NodeId;
import java.util.Objects;

/**
 * One message on the wire: the requester's random request id (repeated by the response), the id
 * the sender claims, the body, on a request the cookie the responder gave the requester's IP
 * (empty if none), and whether the sender is a client node that must not be put in routing tables
 * (see {@code dht.proto}).
 */
public record Envelope(long requestId, NodeId senderId, Message body, byte[] cookie, boolean client) {
    private static final byte[] NONE = new byte[0];

    public Envelope {
        Objects.requireNonNull(senderId, "senderId");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(cookie, "cookie");
    }

    /** An envelope of a server node. */
    public Envelope(long requestId, NodeId senderId, Message body, byte[] cookie) {
        this(requestId, senderId, body, cookie, false);
    }

    /** An envelope of a server node, without a cookie. */
    public Envelope(long requestId, NodeId senderId, Message body) {
        this(requestId, senderId, body, NONE, false);
    }
}
