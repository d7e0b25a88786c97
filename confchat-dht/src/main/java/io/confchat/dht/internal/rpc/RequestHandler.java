package io.confchat.dht.internal.rpc;

import io.confchat.dht.internal.wire.Envelope;
import io.confchat.dht.internal.wire.Message;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/** The server side of a node: answers one decoded request. */
@FunctionalInterface
public interface RequestHandler {
    /**
     * Answers a request; {@code viaDatagram} tells whether the answer must fit one datagram (it is
     * replaced by a TRUNCATED reply if it does not).
     *
     * @return the response body, or null to send nothing
     */
    Message handle(InetSocketAddress from, Envelope request, boolean viaDatagram);

    /**
     * Answers a request, possibly later and on another thread (e.g. a PONG signed off the event
     * loop): passes the response, or null to send nothing, to {@code reply} exactly once. By
     * default, {@link #handle} at once.
     */
    default void handleAsync(InetSocketAddress from, Envelope request, boolean viaDatagram, Consumer<Message> reply) {
        reply.accept(handle(from, request, viaDatagram));
    }

    /**
     * Whether {@code cookie} is one this node gave the IP of {@code from}: proof that the sender
     * receives datagrams there. Without it, a datagram reply is never larger than its request.
     */
    @FunctionalInterface
    interface CookieCheck {
        /** No cookie is ever valid: every datagram reply stays within its request's size. */
        CookieCheck NONE = (from, cookie) -> false;

        boolean isValid(InetSocketAddress from, byte[] cookie);
    }
}
