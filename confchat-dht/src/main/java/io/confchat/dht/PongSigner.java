package io.confchat.dht;

import io.confchat.api.NodeId;
import io.confchat.dht.crypto.NodeIdentity;
import io.confchat.dht.internal.routing.IpDiversity;
import io.confchat.dht.internal.wire.Message;
import io.confchat.dht.internal.wire.Message.Ping;
import io.confchat.dht.internal.wire.Message.Pong;
import io.confchat.dht.time.Scheduler;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Signs the PONGs that prove this node's id, off the network thread and at a bounded rate: each
 * costs an Ed25519 signature (about 85 us), so a flood of PINGs must neither stall the event loop
 * nor buy unbounded CPU. Per source (an IP, its /64 for IPv6, or the address on loopback and
 * private networks, where many nodes share an IP) a token bucket of {@value #BURST} PINGs refilled
 * at {@value #PER_SECOND} a second; in all at most {@value #QUEUED} signatures waiting. A PING over
 * the limit gets no answer: the sender may retry later. Thread-safe.
 */
final class PongSigner {
    static final int BURST = 40;
    static final int PER_SECOND = 20;
    static final int QUEUED = 256;
    /** Sources remembered; the least recently seen is forgotten (it starts with a full bucket). */
    static final int SOURCES = 4096;

    private final NodeIdentity identity;
    private final Scheduler scheduler;
    private final Executor executor;
    private final AtomicInteger queued = new AtomicInteger();
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > SOURCES;
        }
    };

    private static final class Bucket {
        double tokens = BURST;
        long lastNanos;

        Bucket(long now) {
            this.lastNanos = now;
        }
    }

    PongSigner(NodeIdentity identity, Scheduler scheduler, Executor executor) {
        this.identity = identity;
        this.scheduler = scheduler;
        this.executor = executor;
    }

    /** Answers a PING with a signed PONG on the executor, or not at all if over the limits. */
    void answer(Ping ping, NodeId requester, InetSocketAddress from, Consumer<Message> reply) {
        if (!take(sourceOf(from)) || queued.incrementAndGet() > QUEUED) {
            if (queued.get() > QUEUED) {
                queued.decrementAndGet();
            }
            reply.accept(null);
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    byte[] proof = PongProof.input(ping.nonce(), identity.id(), requester, from);
                    reply.accept(new Pong(
                            identity.keyPair().publicKey(), identity.keyPair().sign(proof), from));
                } finally {
                    queued.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            queued.decrementAndGet();
            reply.accept(null);
        }
    }

    private synchronized boolean take(String source) {
        long now = scheduler.nanoTime();
        Bucket b = buckets.computeIfAbsent(source, s -> new Bucket(now));
        b.tokens = Math.min(BURST, b.tokens + (now - b.lastNanos) / 1e9 * PER_SECOND);
        b.lastNanos = now;
        if (b.tokens < 1) {
            return false;
        }
        b.tokens -= 1;
        return true;
    }

    private static String sourceOf(InetSocketAddress from) {
        byte[] ip = from.getAddress().getAddress();
        if (IpDiversity.isExempt(from.getAddress())) {
            return from.toString();
        }
        return ip.length == 16
                ? HexFormat.of().formatHex(ip, 0, 8)
                : from.getAddress().getHostAddress();
    }
}
