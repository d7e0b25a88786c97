package io.confchat.chat.internal.sim;

import io.confchat.api.NodeId;
import io.confchat.chat.internal.session.SessionEndpoint;
import io.confchat.chat.internal.session.SessionTransport;
import io.confchat.dht.internal.stream.Relayed;
import io.confchat.dht.time.ManualScheduler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Live-session connections in memory, on a {@link ManualScheduler}: each connection is a pair of
 * netty {@link EmbeddedChannel}s whose writes arrive at the other end after a seeded delay (in
 * order, like TCP), so the real session pipeline runs unchanged on the test's thread. Hosts are
 * named by the addresses of the simulated DHT network. A host can crash (its connections close
 * and the peers see it, as when a process dies and its system closes the sockets), lose power
 * (nothing more goes either way and nobody is told), or have a connection reset.
 *
 * <p>A host may sit behind a NAT ({@link Nat}): nobody can dial it, and it is reached through the
 * relays ({@link #addRelay}; the first two alive are its relayed endpoints), each connection then
 * running through a relay host whose crash closes it (marked {@code Relayed.RELAY} at both ends).
 * Hole punches ({@link SimulatedPunches}) succeed unless either host's NAT picks random ports.
 */
public final class SimulatedStreams {
    private final ManualScheduler scheduler;
    private final Random random;
    private final Map<InetSocketAddress, Consumer<Channel>> hosts = new LinkedHashMap<>();
    private final List<Link> links = new ArrayList<>();
    private final Map<InetSocketAddress, Profile> profiles = new LinkedHashMap<>();
    private final List<InetSocketAddress> relays = new ArrayList<>();
    private final SimulatedPunches punches;
    private Duration minDelay = Duration.ofMillis(1);
    private Duration maxDelay = Duration.ofMillis(10);

    /** How a host is reached: directly, or behind a NAT that keeps ports (punchable) or not. */
    public enum Nat {
        NONE,
        PORT_PRESERVING,
        RANDOM_PORTS
    }

    /** What the network knows of a host: its node's id (for relayed endpoints) and its NAT. */
    record Profile(NodeId node, Nat nat) {}

    public SimulatedStreams(ManualScheduler scheduler, long seed) {
        this.scheduler = scheduler;
        this.random = new Random(seed);
        this.punches = new SimulatedPunches(this, scheduler);
    }

    /** The transport of a public host at {@code address}. */
    public SessionTransport transport(InetSocketAddress address) {
        return transport(address, null, Nat.NONE);
    }

    /** The transport of the host at {@code address}, whose node is {@code node}, behind {@code nat}. */
    public SessionTransport transport(InetSocketAddress address, NodeId node, Nat nat) {
        profiles.put(address, new Profile(node, nat));
        return new SessionTransport() {
            @Override
            public void serve(Consumer<Channel> acceptor) {
                hosts.put(address, acceptor);
            }

            @Override
            public CompletableFuture<Channel> open(SessionEndpoint to) {
                if (to instanceof SessionEndpoint.Relayed r) {
                    return connectThrough(address, r);
                }
                InetSocketAddress target = ((SessionEndpoint.Direct) to).address();
                Profile p = profiles.get(target);
                if (p != null && p.nat() != Nat.NONE) {
                    return refusedLater(target); // a NAT drops the SYN
                }
                return connect(address, target, null);
            }

            @Override
            public List<SessionEndpoint> endpoints() {
                if (nat == Nat.NONE) {
                    return List.of(new SessionEndpoint.Direct(address));
                }
                return relays.stream()
                        .limit(2)
                        .map(r -> (SessionEndpoint) new SessionEndpoint.Relayed(r, node))
                        .toList();
            }

            @Override
            public Optional<Punching> punching() {
                return Optional.of(punches.of(address));
            }
        };
    }

    /** Makes {@code relay} (a host of the network) serve as a relay. */
    public void addRelay(InetSocketAddress relay) {
        relays.add(relay);
    }

    Nat natOf(InetSocketAddress host) {
        Profile p = profiles.get(host);
        return p == null ? Nat.NONE : p.nat();
    }

    private CompletableFuture<Channel> connectThrough(InetSocketAddress from, SessionEndpoint.Relayed r) {
        InetSocketAddress target = profiles.entrySet().stream()
                .filter(e -> r.node().equals(e.getValue().node()))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
        if (!relays.contains(r.relay()) || target == null) {
            return refusedLater(r.relay());
        }
        return connect(from, target, r.relay());
    }

    private CompletableFuture<Channel> refusedLater(InetSocketAddress to) {
        CompletableFuture<Channel> result = new CompletableFuture<>();
        scheduler.schedule(
                delay(), () -> result.completeExceptionally(new ConnectException("connection refused: " + to)));
        return result;
    }

    private CompletableFuture<Channel> connect(InetSocketAddress from, InetSocketAddress to, InetSocketAddress via) {
        CompletableFuture<Channel> result = new CompletableFuture<>();
        scheduler.schedule(delay(), () -> {
            Consumer<Channel> acceptor = hosts.get(to);
            if (acceptor == null || !hosts.containsKey(from) || (via != null && !relays.contains(via))) {
                result.completeExceptionally(new ConnectException("connection refused: " + to));
                return;
            }
            Link link = link(from, to, via);
            acceptor.accept(link.accepted);
            result.complete(link.dialed);
        });
        return result;
    }

    /** A new connection between two hosts, through {@code via} unless null. */
    Link link(InetSocketAddress from, InetSocketAddress to, InetSocketAddress via) {
        Link link = new Link(from, to, via);
        links.add(link);
        if (via != null) {
            link.dialed.attr(Relayed.RELAY).set(via);
            link.accepted.attr(Relayed.RELAY).set(via);
        }
        return link;
    }

    /**
     * The host's process died: its connections close, and the peers see them close; the
     * connections it relayed close at both ends, and it relays no more.
     */
    public void crash(InetSocketAddress host) {
        hosts.remove(host);
        relays.remove(host);
        for (Link l : List.copyOf(links)) {
            if (l.touches(host)) {
                l.closeEnd(l.end(host)); // the peer sees it close after what was already sent
            } else if (host.equals(l.via)) {
                l.cut = true; // what the relay held is lost with it
                l.closeEnd(l.dialed);
                l.closeEnd(l.accepted);
            }
        }
    }

    /** The host lost power: nothing reaches it or leaves it any more, and nobody is told. */
    public void cut(InetSocketAddress host) {
        hosts.remove(host);
        for (Link l : links) {
            if (l.touches(host)) {
                l.cut = true;
            }
        }
    }

    /** Resets every connection between two hosts; both ends see it close. Returns how many. */
    public int reset(InetSocketAddress a, InetSocketAddress b) {
        int n = 0;
        for (Link l : List.copyOf(links)) {
            if (l.touches(a) && l.touches(b) && l.dialed.isOpen()) {
                l.cut = true; // bytes in flight are lost
                l.closeEnd(l.dialed);
                l.closeEnd(l.accepted);
                n++;
            }
        }
        return n;
    }

    /** Connections hole punches made so far. */
    public int punchedConnections() {
        return punches.made();
    }

    /** Connections ever made between two hosts (in either direction, directly or relayed). */
    public long connectionsBetween(InetSocketAddress a, InetSocketAddress b) {
        return links.stream().filter(l -> l.touches(a) && l.touches(b)).count();
    }

    /** Open connections, for tests that check nothing stays open. */
    public long openConnections() {
        return links.stream()
                .filter(l -> l.dialed.isOpen() || l.accepted.isOpen())
                .count();
    }

    Duration delay() {
        long span = maxDelay.toNanos() - minDelay.toNanos();
        return minDelay.plusNanos((long) (random.nextDouble() * span));
    }

    /** One connection: two channels, and the time the last byte in each direction arrives. */
    final class Link {
        final InetSocketAddress from;
        final InetSocketAddress to;
        final InetSocketAddress via;
        final EmbeddedChannel dialed;
        final EmbeddedChannel accepted;
        long lastToDialed;
        long lastToAccepted;
        boolean cut;

        Link(InetSocketAddress from, InetSocketAddress to, InetSocketAddress via) {
            this.from = from;
            this.to = to;
            this.via = via;
            this.dialed = new EmbeddedChannel(new Wire(this, true));
            this.accepted = new EmbeddedChannel(new Wire(this, false));
        }

        boolean touches(InetSocketAddress host) {
            return from.equals(host) || to.equals(host);
        }

        EmbeddedChannel end(InetSocketAddress host) {
            return from.equals(host) ? dialed : accepted;
        }

        /** Delivers bytes written at one end to the other, after every byte written before them. */
        void send(boolean fromDialer, byte[] bytes) {
            EmbeddedChannel target = fromDialer ? accepted : dialed;
            long at = Math.max(scheduler.nanoTime() + delay().toNanos(), fromDialer ? lastToAccepted : lastToDialed);
            if (fromDialer) {
                lastToAccepted = at;
            } else {
                lastToDialed = at;
            }
            scheduler.schedule(Duration.ofNanos(at - scheduler.nanoTime()), () -> {
                if (!cut && target.isOpen()) {
                    target.pipeline().fireChannelRead(Unpooled.wrappedBuffer(bytes));
                    target.pipeline().fireChannelReadComplete();
                    target.runPendingTasks();
                }
            });
        }

        /** One end closed: the other end sees it once the bytes already sent have arrived. */
        void closed(boolean dialerClosed) {
            EmbeddedChannel target = dialerClosed ? accepted : dialed;
            long at = Math.max(scheduler.nanoTime() + delay().toNanos(), dialerClosed ? lastToAccepted : lastToDialed);
            scheduler.schedule(Duration.ofNanos(at - scheduler.nanoTime()), () -> closeEnd(target));
        }

        void closeEnd(EmbeddedChannel end) {
            if (end.isOpen()) {
                end.close();
                end.runPendingTasks();
            }
        }
    }

    /** The head of each channel's pipeline: what the session writes goes onto the simulated wire. */
    private static final class Wire extends ChannelOutboundHandlerAdapter {
        private final Link link;
        private final boolean dialerSide;

        Wire(Link link, boolean dialerSide) {
            this.link = link;
            this.dialerSide = dialerSide;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (!(msg instanceof ByteBuf buf)) {
                promise.setFailure(new IllegalArgumentException("the simulated wire carries bytes only"));
                return;
            }
            byte[] bytes = ByteBufUtil.getBytes(buf);
            buf.release();
            if (!link.cut) {
                link.send(dialerSide, bytes);
            }
            promise.setSuccess();
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            // every write is on the wire already
        }

        @Override
        public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
            if (!link.cut) {
                link.closed(dialerSide);
            }
            ctx.close(promise);
        }
    }
}
