package io.confchat.dht;

import io.confchat.dht.internal.reachability.DialBackNonces;
import io.confchat.dht.internal.rpc.RequestHandler;
import io.confchat.dht.internal.wire.Envelope;
import io.confchat.dht.internal.wire.Message;
import io.confchat.dht.internal.wire.Message.Ping;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * Takes the UDP dial-backs of this node's reachability checks out of the request stream: a PING
 * whose nonce is one of our outstanding dial-back nonces is noted and not answered (nor is its
 * sender considered for the routing table: it comes from a throwaway port). Every other request
 * goes to the node's server.
 */
final class DialBackFilter implements RequestHandler {
    private final RequestHandler server;
    private final DialBackNonces nonces;

    DialBackFilter(RequestHandler server, DialBackNonces nonces) {
        this.server = server;
        this.nonces = nonces;
    }

    @Override
    public Message handle(InetSocketAddress from, Envelope request, boolean viaDatagram) {
        return isDialBack(request, viaDatagram) ? null : server.handle(from, request, viaDatagram);
    }

    @Override
    public void handleAsync(InetSocketAddress from, Envelope request, boolean viaDatagram, Consumer<Message> reply) {
        if (isDialBack(request, viaDatagram)) {
            reply.accept(null);
            return;
        }
        server.handleAsync(from, request, viaDatagram, reply);
    }

    private boolean isDialBack(Envelope request, boolean viaDatagram) {
        return viaDatagram && request.body() instanceof Ping ping && nonces.arrivedUdp(ping.nonce());
    }
}
