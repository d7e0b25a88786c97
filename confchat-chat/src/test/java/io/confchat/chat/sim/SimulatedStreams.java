package io.confchat.chat.sim;

import io.confchat.chat.internal.session.SessionTransport;
import io.confchat.dht.testing.ManualScheduler;
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
 */
public final class SimulatedStreams {
    private final ManualScheduler scheduler;
    private final Random random;
    private final Map<InetSocketAddress, Consumer<Channel>> hosts = new LinkedHashMap<>();
    private final List<Link> links = new ArrayList<>();
    private Duration minDelay = Duration.ofMillis(1);
    private Duration maxDelay = Duration.ofMillis(10);

    public SimulatedStreams(ManualScheduler scheduler, long seed) {
        this.scheduler = scheduler;
        this.random = new Random(seed);
    }

    /** The transport of the host at {@code address}. */
    public SessionTransport transport(InetSocketAddress address) {
        return new SessionTransport() {
            @Override
            public void serve(Consumer<Channel> acceptor) {
                hosts.put(address, acceptor);
            }

            @Override
            public CompletableFuture<Channel> open(InetSocketAddress to) {
                return connect(address, to);
            }
        };
    }

    private CompletableFuture<Channel> connect(InetSocketAddress from, InetSocketAddress to) {
        CompletableFuture<Channel> result = new CompletableFuture<>();
        scheduler.schedule(delay(), () -> {
            Consumer<Channel> acceptor = hosts.get(to);
            if (acceptor == null || !hosts.containsKey(from)) {
                result.completeExceptionally(new ConnectException("connection refused: " + to));
                return;
            }
            Link link = new Link(from, to);
            links.add(link);
            acceptor.accept(link.accepted);
            result.complete(link.dialed);
        });
        return result;
    }

    /** The host's process died: its connections close, and the peers see them close. */
    public void crash(InetSocketAddress host) {
        hosts.remove(host);
        for (Link l : List.copyOf(links)) {
            if (l.touches(host)) {
                l.closeEnd(l.end(host)); // the peer sees it close after what was already sent
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

    /** Open connections, for tests that check nothing stays open. */
    public long openConnections() {
        return links.stream()
                .filter(l -> l.dialed.isOpen() || l.accepted.isOpen())
                .count();
    }

    private Duration delay() {
        long span = maxDelay.toNanos() - minDelay.toNanos();
        return minDelay.plusNanos((long) (random.nextDouble() * span));
    }

    /** One connection: two channels, and the time the last byte in each direction arrives. */
    private final class Link {
        final InetSocketAddress from;
        final InetSocketAddress to;
        final EmbeddedChannel dialed;
        final EmbeddedChannel accepted;
        long lastToDialed;
        long lastToAccepted;
        boolean cut;

        Link(InetSocketAddress from, InetSocketAddress to) {
            this.from = from;
            this.to = to;
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
