package io.confchat.dht.internal.netty;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The inbound connections that have not named their protocol yet, oldest first per IP. Admitting
 * one beyond {@link InboundLimits#halfOpenPerIp()} closes the oldest of its IP; beyond {@link
 * InboundLimits#halfOpenTotal()}, the oldest of the IP that holds the most. So one host trickling
 * bytes on many connections only ever pushes out its own, and an honest peer, which names its
 * protocol in its first packet, always gets in. Thread-safe.
 */
final class HalfOpenConnections {
    private final InboundLimits limits;
    private final Map<InetAddress, Deque<Channel>> byIp = new HashMap<>();
    private int total;

    HalfOpenConnections(InboundLimits limits) {
        this.limits = limits;
    }

    /** Counts a freshly accepted connection; it stops counting when named or closed. */
    void admit(Channel ch) {
        InetAddress ip = ((InetSocketAddress) ch.remoteAddress()).getAddress();
        Channel evicted = null;
        Channel evictedFromTop = null;
        synchronized (this) {
            Deque<Channel> mine = byIp.computeIfAbsent(ip, k -> new ArrayDeque<>());
            mine.addLast(ch);
            total++;
            if (mine.size() > limits.halfOpenPerIp()) {
                evicted = removeOldest(ip, mine);
            } else if (total > limits.halfOpenTotal()) {
                InetAddress top = ip;
                for (Map.Entry<InetAddress, Deque<Channel>> e : byIp.entrySet()) {
                    if (e.getValue().size() > byIp.get(top).size()) {
                        top = e.getKey();
                    }
                }
                evictedFromTop = removeOldest(top, byIp.get(top));
            }
        }
        ch.closeFuture().addListener(f -> named(ch));
        if (evicted != null) {
            evicted.close();
        }
        if (evictedFromTop != null) {
            evictedFromTop.close();
        }
    }

    /** The connection named its protocol (or closed): it no longer counts. */
    synchronized void named(Channel ch) {
        InetAddress ip = ((InetSocketAddress) ch.remoteAddress()).getAddress();
        Deque<Channel> mine = byIp.get(ip);
        if (mine != null && mine.remove(ch)) {
            total--;
            if (mine.isEmpty()) {
                byIp.remove(ip);
            }
        }
    }

    /** How many connections have not named their protocol yet. */
    synchronized int size() {
        return total;
    }

    private Channel removeOldest(InetAddress ip, Deque<Channel> q) {
        Channel oldest = q.pollFirst();
        total--;
        if (q.isEmpty()) {
            byIp.remove(ip);
        }
        return oldest;
    }
}
