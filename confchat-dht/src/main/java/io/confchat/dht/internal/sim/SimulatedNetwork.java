package io.confchat.dht.internal.sim;

import io.confchat.dht.internal.netty.ProtocolRegistry;
import io.confchat.dht.internal.rpc.Transport;
import io.confchat.dht.internal.wire.WireLimits;
import io.confchat.dht.time.ManualScheduler;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * An in-memory network for many-node tests: every message is encoded and decoded on each hop (the
 * nodes' RPC layer does both, this network only moves bytes), with seeded random delays and
 * datagram drops, on a {@link ManualScheduler}. Streams are reliable, as TCP is. Nodes get
 * distinct loopback addresses {@code 127.a.b.c:4000}; no socket is ever opened.
 */
public final class SimulatedNetwork {
    private static final int PORT = 4000;

    private final ManualScheduler scheduler;
    private final Random random;
    private final Map<InetSocketAddress, SimTransport> endpoints = new ConcurrentHashMap<>();
    private volatile double dropRate;
    private volatile Duration minDelay = Duration.ofMillis(1);
    private volatile Duration maxDelay = Duration.ofMillis(10);
    /** One side of a partition; empty when the network is whole. */
    private volatile Set<InetSocketAddress> partitioned = Set.of();

    private int nextHost = 1;
    private long datagrams;
    private long dropped;

    public SimulatedNetwork(ManualScheduler scheduler, long seed) {
        this.scheduler = scheduler;
        this.random = new Random(seed);
    }

    /** Drops this share of datagrams (0..1). */
    public SimulatedNetwork dropRate(double rate) {
        this.dropRate = rate;
        return this;
    }

    /** One-way delays are uniform in {@code [min, max]}. */
    public SimulatedNetwork delays(Duration min, Duration max) {
        this.minDelay = min;
        this.maxDelay = max;
        return this;
    }

    public ManualScheduler scheduler() {
        return scheduler;
    }

    /** A transport factory for {@code KademliaNode.builder().transport(...)}, on a fresh address. */
    public Function<ProtocolRegistry, Transport> transport() {
        InetSocketAddress address = allocate();
        return registry -> new SimTransport(address);
    }

    /**
     * A transport factory on {@code ip} (port 4000, or the next free port at that IP), for tests
     * that need public-looking addresses, e.g. many nodes of one /24.
     */
    public Function<ProtocolRegistry, Transport> transportAt(InetAddress ip) {
        InetSocketAddress address = allocateAt(ip);
        return registry -> new SimTransport(address);
    }

    /** A raw transport on a fresh address, for tests that play a misbehaving peer by hand. */
    public Transport rawTransport() {
        return new SimTransport(allocate());
    }

    /** A raw transport on {@code ip}, see {@link #transportAt}. */
    public Transport rawTransportAt(InetAddress ip) {
        return new SimTransport(allocateAt(ip));
    }

    /**
     * Delivers a datagram to {@code to} as if {@code from} (a live address) had sent it, as an
     * attacker spoofing the source address could; replies go to the real {@code from}.
     */
    public void spoof(InetSocketAddress from, InetSocketAddress to, byte[] payload) {
        deliver(from, to, payload.clone(), true);
    }

    /**
     * Splits the network in two: from now on nothing crosses between {@code side} and every
     * other address (datagrams are lost, streams refused), until {@link #heal()}.
     */
    public void partition(Collection<InetSocketAddress> side) {
        this.partitioned = Set.copyOf(side);
    }

    /** Ends a {@link #partition}. */
    public void heal() {
        this.partitioned = Set.of();
    }

    private boolean separated(InetSocketAddress a, InetSocketAddress b) {
        Set<InetSocketAddress> side = partitioned;
        return !side.isEmpty() && side.contains(a) != side.contains(b);
    }

    /** Cuts a node off, as if it had crashed: nothing reaches it or leaves it any more. */
    public void kill(InetSocketAddress address) {
        endpoints.remove(address);
    }

    public synchronized long datagramsSent() {
        return datagrams;
    }

    public synchronized long datagramsDropped() {
        return dropped;
    }

    private synchronized InetSocketAddress allocate() {
        int i = nextHost++;
        byte[] ip = {127, (byte) (i >> 16), (byte) (i >> 8), (byte) i};
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), PORT);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private final Map<InetAddress, Integer> nextPort = new ConcurrentHashMap<>();

    private InetSocketAddress allocateAt(InetAddress ip) {
        int port = nextPort.merge(ip, 1, Integer::sum) - 1 + PORT;
        return new InetSocketAddress(ip, port);
    }

    private synchronized Duration delay() {
        long span = maxDelay.toNanos() - minDelay.toNanos();
        return minDelay.plusNanos(span <= 0 ? 0 : (long) (random.nextDouble() * span));
    }

    private synchronized boolean drop() {
        datagrams++;
        if (random.nextDouble() < dropRate) {
            dropped++;
            return true;
        }
        return false;
    }

    private void deliver(InetSocketAddress from, InetSocketAddress to, byte[] bytes, boolean datagram) {
        scheduler.schedule(delay(), () -> {
            SimTransport target = endpoints.get(to);
            if (target == null || target.handler == null || !endpoints.containsKey(from) || separated(from, to)) {
                return;
            }
            target.handler.onPacket(from, bytes, new Transport.Reply() {
                @Override
                public boolean isDatagram() {
                    return datagram;
                }

                @Override
                public void send(byte[] payload) {
                    if (datagram) {
                        target.sendDatagram(from, payload);
                    } else {
                        deliver(to, from, payload.clone(), false);
                    }
                }
            });
        });
    }

    private final class SimTransport implements Transport {
        private final InetSocketAddress address;
        private volatile PacketHandler handler;

        SimTransport(InetSocketAddress address) {
            this.address = address;
        }

        @Override
        public CompletableFuture<InetSocketAddress> start(PacketHandler packetHandler) {
            this.handler = packetHandler;
            endpoints.put(address, this);
            return CompletableFuture.completedFuture(address);
        }

        @Override
        public void sendDatagram(InetSocketAddress to, byte[] payload) {
            if (payload.length > WireLimits.MAX_DATAGRAM_BYTES) {
                throw new AssertionError("datagram of " + payload.length + " bytes sent");
            }
            if (!drop()) {
                deliver(address, to, payload.clone(), true);
            }
        }

        @Override
        public CompletableFuture<Void> sendStream(InetSocketAddress to, byte[] frame) {
            if (frame.length > WireLimits.MAX_FRAME_BYTES) {
                throw new AssertionError("frame of " + frame.length + " bytes sent");
            }
            if (!endpoints.containsKey(to) || separated(address, to)) {
                return CompletableFuture.failedFuture(new ConnectException("connection refused: " + to));
            }
            deliver(address, to, frame.clone(), false);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public boolean closesAtOnce() {
            return true;
        }

        @Override
        public void close() {
            endpoints.remove(address, this);
        }
    }
}
