package io.confchat.dht.internal.reachability;

import io.confchat.dht.internal.routing.IpDiversity;
import io.confchat.dht.time.Scheduler;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How often a node dials others back (docs/dht-hardening.md, reachability): a dial-back request
 * costs the server a TCP connection attempt and two small datagrams, all aimed at the requester's
 * own IP, so the limits keep a node from becoming a tool for flooding, not from reflection (which
 * the own-IP rule already prevents). Per requester (its IP and the port it asks to be dialed at:
 * several machines behind one home router each get their own) a token bucket of {@value
 * #PER_SOURCE_BURST} refilled every {@value #PER_SOURCE_REFILL_SECONDS} s; per IP {@value
 * #PER_IP_BURST} refilled at one every {@value #PER_IP_REFILL_SECONDS} s; in all {@value
 * #TOTAL_BURST} refilled at one a second, and at most {@value #IN_FLIGHT} dial-backs at once.
 * Thread-safe.
 */
public final class DialBackLimits {
    static final int PER_SOURCE_BURST = 2;
    static final int PER_SOURCE_REFILL_SECONDS = 30;
    static final int PER_IP_BURST = 8;
    static final int PER_IP_REFILL_SECONDS = 5;
    static final int TOTAL_BURST = 20;
    static final int IN_FLIGHT = 8;
    /** Sources remembered; the least recently seen is forgotten (it starts with a full bucket). */
    static final int SOURCES = 1024;

    private final Scheduler scheduler;
    private final Bucket total;
    private int inFlight;
    private final Map<String, Bucket> sources = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > SOURCES;
        }
    };

    public DialBackLimits(Scheduler scheduler) {
        this.scheduler = scheduler;
        this.total = new Bucket(TOTAL_BURST, 1.0, scheduler.nanoTime());
    }

    /**
     * Takes a dial-back slot for a request from {@code ip} to be dialed at {@code port}; false if
     * over a limit. A slot taken must be given back with {@link #release}.
     */
    public synchronized boolean take(InetAddress ip, int port) {
        long now = scheduler.nanoTime();
        Bucket own = sources.computeIfAbsent(
                ip.getHostAddress() + "#" + port,
                s -> new Bucket(PER_SOURCE_BURST, 1.0 / PER_SOURCE_REFILL_SECONDS, now));
        Bucket shared = IpDiversity.isExempt(ip)
                ? null // loopback and private networks: many nodes share an address
                : sources.computeIfAbsent(
                        ip.getHostAddress(), s -> new Bucket(PER_IP_BURST, 1.0 / PER_IP_REFILL_SECONDS, now));
        if (inFlight >= IN_FLIGHT || !own.has(now) || (shared != null && !shared.has(now)) || !total.has(now)) {
            return false;
        }
        own.take();
        if (shared != null) {
            shared.take();
        }
        total.take();
        inFlight++;
        return true;
    }

    /** A dial-back finished. */
    public synchronized void release() {
        inFlight = Math.max(0, inFlight - 1);
    }

    private static final class Bucket {
        private final int burst;
        private final double perSecond;
        private double tokens;
        private long lastNanos;

        Bucket(int burst, double perSecond, long now) {
            this.burst = burst;
            this.perSecond = perSecond;
            this.tokens = burst;
            this.lastNanos = now;
        }

        boolean has(long now) {
            tokens = Math.min(burst, tokens + (now - lastNanos) / 1e9 * perSecond);
            lastNanos = now;
            return tokens >= 1;
        }

        void take() {
            tokens -= 1;
        }
    }
}
