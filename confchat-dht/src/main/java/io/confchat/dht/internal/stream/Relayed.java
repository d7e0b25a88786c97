package io.confchat.dht.internal.stream;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Marks a stream that runs through a relay (both the dialer's and the reserving node's end): the
 * attribute holds the relay's address. A protocol that wants a direct path (hole punching, see
 * {@code KademliaNode.prepareHolePunch}) checks it.
 */
public final class Relayed {
    /** Set on a relayed stream's channel: the relay's address. */
    public static final AttributeKey<InetSocketAddress> RELAY = AttributeKey.valueOf("confchat.relay");

    private Relayed() {}

    /** The relay a stream runs through, or empty for a direct one. */
    public static Optional<InetSocketAddress> via(Channel channel) {
        return Optional.ofNullable(channel.attr(RELAY).get());
    }
}
