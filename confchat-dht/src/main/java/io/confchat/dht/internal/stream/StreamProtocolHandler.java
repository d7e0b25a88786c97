package io.confchat.dht.internal.stream;

import io.netty.channel.Channel;

/**
 * Serves one stream protocol on the node's shared TCP port. The first frame of every inbound
 * connection names its protocol (e.g. {@code /confchat/chat/1}); the node hands connections that
 * name this handler's protocol to {@link #onConnection}.
 *
 * <p>When called, the channel's pipeline already holds the length-prefixed frame decoder and
 * encoder (4-byte big-endian length, frames up to 256 KiB), so the
 * handler adds handlers that read and write {@code ByteBuf} frames. Called on the channel's event
 * loop; must not block.
 */
@FunctionalInterface
public interface StreamProtocolHandler {
    void onConnection(Channel channel);
}
