package io.confchat.chat.internal.session;

import io.confchat.dht.KademliaNode;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Sessions on a node's shared TCP port, as the stream protocol {@value Sessions#PROTOCOL_ID}. */
public final class NodeSessionTransport implements SessionTransport {
    private final KademliaNode node;

    public NodeSessionTransport(KademliaNode node) {
        this.node = node;
    }

    @Override
    public void serve(Consumer<Channel> acceptor) {
        node.registerStreamProtocol(Sessions.PROTOCOL_ID, acceptor::accept);
    }

    @Override
    public CompletableFuture<Channel> open(InetSocketAddress to) {
        return node.openStream(to, Sessions.PROTOCOL_ID);
    }
}
