package io.confchat.dht.internal.relay;

import com.google.protobuf.ByteString;
import io.confchat.dht.internal.relay.proto.Connect;
import io.confchat.dht.internal.relay.proto.RelayMessage;
import io.confchat.dht.internal.stream.Relayed;
import io.confchat.dht.relay.RelayedEndpoint;
import io.confchat.dht.time.Scheduler;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Opens streams to nodes through relays: a connection to the relay, {@code Connect} naming the
 * node, and once the relay {@code Bridged} the circuit, the protocol id as the first frame, as on
 * a direct connection. The channel is framed like every stream and marked {@link Relayed#RELAY}.
 * Thread-safe.
 */
public final class RelayDialer {
    private final RelayClient.Network network;
    private final Scheduler scheduler;

    public RelayDialer(RelayClient.Network network, Scheduler scheduler) {
        this.network = network;
        this.scheduler = scheduler;
    }

    /**
     * @return the circuit, its protocol named; fails with {@link RelayException} if the relay
     *     refuses (no reservation for the node, over a cap, the node silent) or cannot be reached
     */
    public CompletableFuture<Channel> open(RelayedEndpoint to, String protocolId) {
        RelayMessage connect = RelayMessage.newBuilder()
                .setConnect(Connect.newBuilder()
                        .setTarget(ByteString.copyFrom(to.target().bytes())))
                .build();
        return network.openStream(to.relay(), RelayProtocol.ID)
                .thenCompose(channel -> RelayReply.bridged(channel, connect, scheduler, "circuit to " + to))
                .thenApply(channel -> {
                    channel.attr(Relayed.RELAY).set(to.relay());
                    channel.writeAndFlush(Unpooled.wrappedBuffer(protocolId.getBytes(StandardCharsets.US_ASCII)));
                    return channel;
                });
    }
}
