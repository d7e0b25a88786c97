package io.confchat.chat.internal.sim;

import io.confchat.chat.internal.session.SessionTransport;
import io.confchat.dht.internal.stream.HolePunch;
import io.confchat.dht.time.ManualScheduler;
import io.netty.channel.Channel;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Hole punches on {@link SimulatedStreams}: two hosts whose punches name each other's address and
 * port, dialed within each other's window, get one connection, unless either host's NAT picks
 * random ports (what the peer was told is then not where its SYN comes from). Counts punches for
 * tests.
 */
final class SimulatedPunches {
    private final SimulatedStreams streams;
    private final ManualScheduler scheduler;
    private final List<Punch> dialing = new ArrayList<>();
    private int nextPort = 20000;
    private int made;

    SimulatedPunches(SimulatedStreams streams, ManualScheduler scheduler) {
        this.streams = streams;
        this.scheduler = scheduler;
    }

    /** Hole punching for the host at {@code host}. */
    SessionTransport.Punching of(InetSocketAddress host) {
        return new SessionTransport.Punching() {
            @Override
            public CompletableFuture<HolePunch> prepare() {
                return CompletableFuture.completedFuture(new Punch(host, nextPort++));
            }

            @Override
            public List<InetAddress> addresses() {
                return List.of(host.getAddress());
            }
        };
    }

    /** Connections hole punches made so far. */
    int made() {
        return made;
    }

    private final class Punch implements HolePunch {
        final InetSocketAddress host;
        final int port;
        final CompletableFuture<Void> first = new CompletableFuture<>();
        List<InetSocketAddress> remotes = List.of();
        Consumer<Channel> sink;

        Punch(InetSocketAddress host, int port) {
            this.host = host;
            this.port = port;
        }

        InetSocketAddress seenAt() {
            return new InetSocketAddress(host.getAddress(), port);
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public CompletableFuture<Void> connect(
                List<InetSocketAddress> remotes, Duration within, Consumer<Channel> connections) {
            this.remotes = remotes;
            this.sink = connections;
            Punch peer = dialing.stream()
                    .filter(p -> remotes.contains(p.seenAt()) && p.remotes.contains(seenAt()))
                    .findFirst()
                    .orElse(null);
            boolean punchable = streams.natOf(host) != SimulatedStreams.Nat.RANDOM_PORTS
                    && (peer == null || streams.natOf(peer.host) != SimulatedStreams.Nat.RANDOM_PORTS);
            if (peer != null && punchable) {
                dialing.remove(peer);
                scheduler.schedule(streams.delay(), () -> {
                    SimulatedStreams.Link link = streams.link(host, peer.host, null);
                    made++;
                    first.complete(null);
                    peer.first.complete(null);
                    sink.accept(link.dialed);
                    peer.sink.accept(link.accepted);
                });
            } else {
                dialing.add(this);
            }
            scheduler.schedule(within, () -> {
                dialing.remove(this);
                first.completeExceptionally(new ConnectException("no hole punched within " + within));
            });
            return first;
        }

        @Override
        public void close() {
            dialing.remove(this);
            first.completeExceptionally(new ConnectException("closed"));
        }
    }
}
