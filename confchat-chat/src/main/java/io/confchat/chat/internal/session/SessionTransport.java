package io.confchat.chat.internal.session;

import io.confchat.dht.internal.stream.HolePunch;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Where live sessions' connections come from: in production the node's shared port (stream
 * protocol {@value Sessions#PROTOCOL_ID}, directly or through relays, see {@link
 * NodeSessionTransport}); in tests an in-memory network on manual time. Every channel carries
 * whole frames as {@code ByteBuf}s; the session code adds its handlers after whatever the
 * transport installed. A channel through a relay carries {@code Relayed.RELAY}.
 */
public interface SessionTransport {
    /** Hands every inbound session connection to {@code acceptor}; called once, before any dial. */
    void serve(Consumer<Channel> acceptor);

    /**
     * Connects to a session endpoint, directly or through the relay it names.
     *
     * @return the connected channel; fails if no connection could be made
     */
    CompletableFuture<Channel> open(SessionEndpoint to);

    /** Where peers reach this transport's sessions now, best first (for the presence record). */
    List<SessionEndpoint> endpoints();

    /** Hole punching, when the transport can do it. */
    default Optional<Punching> punching() {
        return Optional.empty();
    }

    /** What a transport offers for hole punching (see {@link HolePunch}). */
    interface Punching {
        /** A fresh port for one punch. */
        CompletableFuture<HolePunch> prepare();

        /** The IPs this node is seen at, public ones (as peers observed them) first, then its own. */
        List<InetAddress> addresses();
    }
}
