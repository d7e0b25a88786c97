package io.confchat.dht.internal.rpc;

import io.confchat.dht.internal.wire.Envelope;
import io.confchat.dht.internal.wire.Message;
import java.net.InetSocketAddress;

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
}
