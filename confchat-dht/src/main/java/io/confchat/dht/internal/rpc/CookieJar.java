package io.confchat.dht.internal.rpc;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cookies (write tokens) peers gave this node's IP, by peer address, so a request can show
 * that this node receives datagrams at its address and may get a reply larger than the request.
 * Bounded (least recently used first out). Thread-safe.
 */
final class CookieJar {
    static final int CAPACITY = 4096;

    private final Map<InetSocketAddress, byte[]> cookies = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, byte[]> eldest) {
            return size() > CAPACITY;
        }
    };

    synchronized byte[] get(InetSocketAddress peer) {
        return cookies.get(peer);
    }

    /**
     * Keeps {@code cookie} for {@code peer}. A peer hands out the same cookie for a whole epoch, in
     * every reply: an equal one is left in place (no write into the long-lived map for each reply,
     * which the GC would have to scan), and only its recency is refreshed.
     */
    synchronized void put(InetSocketAddress peer, byte[] cookie) {
        if (cookie.length == 0) {
            return;
        }
        byte[] held = cookies.get(peer); // refreshes its place in the LRU order
        if (held == null || !Arrays.equals(held, cookie)) {
            cookies.put(peer, cookie);
        }
    }

    /** A peer refused our cookie (its epoch moved on): pad until it gives a new one. */
    synchronized void forget(InetSocketAddress peer) {
        cookies.remove(peer);
    }
}
