package io.confchat.dht.internal.netty;

import io.confchat.dht.internal.routing.IpDiversity;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The pool of outbound DHT streams, one per peer, least recently used first. Peers can make a node
 * open streams (a TRUNCATED reply, a large STORE), so a flood must not exhaust the pool: when it
 * is full, the least recently used connected stream is closed to make room, and one public IP
 * holds at most {@link #PER_IP} streams (again by closing its least recently used one). Only when
 * every stream is still connecting does a new one fail. Thread-safe.
 */
final class OutboundStreams {
    /** Most streams to one public IP (loopback and private ranges count per address). */
    static final int PER_IP = 16;

    private final int capacity;
    private final LinkedHashMap<InetSocketAddress, CompletableFuture<Channel>> pool =
            new LinkedHashMap<>(64, 0.75f, true);

    OutboundStreams(int capacity) {
        this.capacity = capacity;
    }

    /** The usable stream to {@code to}, or a new one from {@code connect} (which must not block). */
    CompletableFuture<Channel> get(InetSocketAddress to, Supplier<CompletableFuture<Channel>> connect) {
        List<CompletableFuture<Channel>> evicted = new ArrayList<>();
        CompletableFuture<Channel> fresh;
        synchronized (this) {
            CompletableFuture<Channel> existing = pool.get(to);
            if (existing != null && isUsable(existing)) {
                return existing;
            }
            pool.remove(to);
            if (!IpDiversity.isExempt(to.getAddress()) && countAt(to.getAddress()) >= PER_IP) {
                if (!evictOne(evicted, to.getAddress())) {
                    return failed(
                            "too many streams connecting to " + to.getAddress().getHostAddress());
                }
            }
            if (pool.size() >= capacity && !evictOne(evicted, null)) {
                return failed("all " + capacity + " outbound streams are still connecting");
            }
            fresh = connect.get();
            pool.put(to, fresh);
        }
        evicted.forEach(f -> f.thenAccept(Channel::close));
        fresh.whenComplete((ch, error) -> {
            if (error != null) {
                remove(to, fresh);
            } else {
                ch.closeFuture().addListener(closed -> remove(to, fresh));
            }
        });
        return fresh;
    }

    synchronized int size() {
        return pool.size();
    }

    void closeAll() {
        List<CompletableFuture<Channel>> all;
        synchronized (this) {
            all = new ArrayList<>(pool.values());
            pool.clear();
        }
        all.forEach(f -> f.thenAccept(Channel::close));
    }

    private synchronized void remove(InetSocketAddress to, CompletableFuture<Channel> f) {
        pool.remove(to, f);
    }

    /** Removes the least recently used connected stream (at {@code ip} if given); false if none. */
    private boolean evictOne(List<CompletableFuture<Channel>> evicted, InetAddress ip) {
        for (Iterator<Map.Entry<InetSocketAddress, CompletableFuture<Channel>>> it =
                        pool.entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<InetSocketAddress, CompletableFuture<Channel>> e = it.next();
            boolean connected = e.getValue().isDone() && !e.getValue().isCompletedExceptionally();
            if (connected && (ip == null || e.getKey().getAddress().equals(ip))) {
                it.remove();
                evicted.add(e.getValue());
                return true;
            }
        }
        return false;
    }

    private int countAt(InetAddress ip) {
        int n = 0;
        for (InetSocketAddress a : pool.keySet()) {
            if (a.getAddress().equals(ip)) {
                n++;
            }
        }
        return n;
    }

    private static boolean isUsable(CompletableFuture<Channel> f) {
        return !f.isDone() || (!f.isCompletedExceptionally() && f.getNow(null).isActive());
    }

    private static CompletableFuture<Channel> failed(String why) {
        return CompletableFuture.failedFuture(new IllegalStateException(why));
    }
}
