package io.confchat.chat.internal.session;

import io.netty.channel.Channel;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The connections of one login's sessions, from the first byte until they close. Thread-safe. */
final class OpenChannels {
    private final Set<Channel> channels = Collections.synchronizedSet(new LinkedHashSet<>());

    /** Remembers {@code channel} until it closes. */
    void track(Channel channel) {
        channels.add(channel);
        channel.closeFuture().addListener(f -> channels.remove(channel));
    }

    /** Closes every connection still in its handshake (no session handler yet). */
    void closeHandshaking() {
        for (Channel c : snapshot()) {
            if (c.pipeline().get(SessionHandler.class) == null) {
                c.close();
            }
        }
    }

    /** Closes every connection, without a goodbye. */
    void closeAll() {
        snapshot().forEach(Channel::close);
    }

    private List<Channel> snapshot() {
        synchronized (channels) {
            return List.copyOf(channels);
        }
    }
}
