package io.confchat.bench.chat;

import io.netty.channel.EventLoopGroup;

/** Which layer a message benchmark goes through, from the full client down to bare netty. */
public enum Layer {
    /** Two logged-in chat clients and a live conversation ({@link ChatClientLink}). */
    CLIENT,
    /** A pair of live sessions without the client around them ({@link SessionLink}). */
    SESSION,
    /**
     * The same pair, the session through a relay on an event loop of its own: bob's node is
     * private and holds a reservation there ({@link SessionLink}).
     */
    SESSION_RELAYED,
    /** A bare netty TCP echo, the raw floor ({@link NettyEchoLink}). */
    NETTY_ECHO;

    /** Sets the layer up on {@code group}; the caller closes the link. */
    public MessageLink open(EventLoopGroup group) {
        switch (this) {
            case CLIENT:
                return new ChatClientLink(group);
            case SESSION:
                return new SessionLink(group, false);
            case SESSION_RELAYED:
                return new SessionLink(group, true);
            case NETTY_ECHO:
                return new NettyEchoLink(group);
            default:
                throw new IllegalStateException(name());
        }
    }
}
