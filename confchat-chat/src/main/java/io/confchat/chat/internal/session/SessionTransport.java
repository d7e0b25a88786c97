package io.confchat.chat.internal.session;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Where live sessions' connections come from: in production the node's shared port (stream
 * protocol {@value Sessions#PROTOCOL_ID}, see {@link NodeSessionTransport}); in tests an
 * in-memory network on manual time. Every channel carries whole frames as {@code ByteBuf}s; the
 * session code adds its handlers after whatever the transport installed.
 */
public interface SessionTransport {
    /** Hands every inbound session connection to {@code acceptor}; called once, before any dial. */
    void serve(Consumer<Channel> acceptor);

    /**
     * Connects to the session endpoint {@code to}.
     *
     * @return the connected channel; fails if no connection could be made
     */
    CompletableFuture<Channel> open(InetSocketAddress to);
}
