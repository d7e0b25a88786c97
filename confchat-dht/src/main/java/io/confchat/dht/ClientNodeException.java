package io.confchat.dht;

import io.confchat.api.ConfChatException;
import java.net.InetSocketAddress;

/**
 * A node proved its id, but its PONG says it is a client: not reachable by others, so it never
 * enters a routing table (see {@code Envelope.client} in dht.proto). Not a lie: a lookup counts it
 * as a failed contact, not as a liar.
 */
final class ClientNodeException extends ConfChatException {
    private static final long serialVersionUID = 1L;

    ClientNodeException(InetSocketAddress address) {
        super(address + " is a client node: others cannot reach it, so it is not a routing contact");
    }
}
