package io.confchat.dht.internal.relay;

import com.google.protobuf.ByteString;
import io.confchat.api.Contact;
import io.confchat.api.NodeId;
import io.confchat.dht.crypto.NodeIdentity;
import io.confchat.dht.internal.address.Networks;
import io.confchat.dht.internal.relay.proto.Accept;
import io.confchat.dht.internal.relay.proto.RelayMessage;
import io.confchat.dht.internal.stream.StreamProtocolHandler;
import io.confchat.dht.relay.RelayedEndpoint;
import io.confchat.dht.time.Scheduler;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a node that others cannot dial reachable: reservations at {@value #RELAYS} relays (in
 * different networks where possible), so one relay dying leaves the other, and each circuit a
 * dialer opens there becomes an inbound stream of this node (a leg of its own, opened to the
 * relay on the relay's word, then {@link RelayedInbound}). Candidates are the routing table's
 * servers; one that refuses or fails is tried again only after a back-off (15 s doubling up to
 * 10 min; a relay that held a reservation and lost it, after 15 s). Legs opening at once per
 * relay are capped, so a hostile relay cannot make us open connections without end. Thread-safe.
 */
public final class RelayClient implements Reservation.Events {
    private static final Logger log = LoggerFactory.getLogger(RelayClient.class);
    /** Reservations held at once. */
    public static final int RELAYS = 2;

    static final Duration CHECK = Duration.ofSeconds(5);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(15);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(10);
    static final int LEGS_OPENING_PER_RELAY = 8;

    /** How the client reaches relays. */
    @FunctionalInterface
    public interface Network {
        /** A connection to {@code to}, framed, its first frame naming {@code protocolId}. */
        CompletableFuture<Channel> openStream(InetSocketAddress to, String protocolId);
    }

    private record Backoff(long untilNanos, int failures) {}

    private final NodeIdentity identity;
    private final Network network;
    private final Scheduler scheduler;
    private final Supplier<List<Contact>> candidates;
    private final Function<String, Optional<StreamProtocolHandler>> handlers;
    private final Runnable onChange;
    private final Map<NodeId, Reservation> held = new HashMap<>();
    private final Map<NodeId, Backoff> backoff = new HashMap<>();
    private final Map<Reservation, Integer> legsOpening = new HashMap<>();
    private boolean running;
    private Scheduler.Cancellable next = () -> {};

    /**
     * @param candidates relays to try: the routing table's contacts
     * @param handlers the stream protocols this node serves, for circuits dialed to it
     * @param onChange told whenever the relayed endpoints change
     */
    public RelayClient(
            NodeIdentity identity,
            Network network,
            Scheduler scheduler,
            Supplier<List<Contact>> candidates,
            Function<String, Optional<StreamProtocolHandler>> handlers,
            Runnable onChange) {
        this.identity = identity;
        this.network = network;
        this.scheduler = scheduler;
        this.candidates = candidates;
        this.handlers = handlers;
        this.onChange = onChange;
    }

    /** Starts holding reservations (the node found it cannot be dialed). */
    public synchronized void start() {
        if (!running) {
            running = true;
            refill();
        }
    }

    /** Gives every reservation up (the node is reachable again, or closing). */
    public void stop() {
        List<Reservation> all;
        synchronized (this) {
            running = false;
            next.cancel();
            all = List.copyOf(held.values());
            held.clear();
        }
        all.forEach(Reservation::close);
        if (!all.isEmpty()) {
            onChange.run();
        }
    }

    /**
     * Where dialers reach this node now: one endpoint per reservation held, in the order of the
     * relays' addresses, so the list (and the presence built from it) only changes when a
     * reservation does.
     */
    public synchronized List<RelayedEndpoint> endpoints() {
        List<RelayedEndpoint> out = new ArrayList<>();
        for (Reservation r : held.values()) {
            if (r.isReserved()) {
                out.add(new RelayedEndpoint(r.relay().address(), identity.id()));
            }
        }
        out.sort(BY_ADDRESS);
        return out;
    }

    private static final Comparator<RelayedEndpoint> BY_ADDRESS = Comparator.comparing(
                    (RelayedEndpoint e) -> e.relay().getAddress().getAddress(), Arrays::compareUnsigned)
            .thenComparingInt(e -> e.relay().getPort());

    private synchronized void refill() {
        next.cancel();
        if (!running) {
            return;
        }
        for (Contact relay : pick(RELAYS - held.size())) {
            Reservation r = new Reservation(relay, identity, scheduler, this);
            held.put(relay.id(), r);
            network.openStream(relay.address(), RelayProtocol.ID).whenComplete((channel, error) -> {
                if (error != null) {
                    closed(r, false);
                } else if (!isCurrent(r)) {
                    channel.close();
                } else {
                    r.start(channel);
                }
            });
        }
        next = scheduler.schedule(CHECK, this::refill);
    }

    /** Up to {@code n} relays to try: not held, not backing off, other networks than those held first. */
    private List<Contact> pick(int n) {
        List<Contact> out = new ArrayList<>();
        if (n <= 0) {
            return out;
        }
        long now = scheduler.nanoTime();
        Set<Networks.Network> used = new HashSet<>();
        held.values().forEach(r -> used.add(Networks.of(r.relay().address().getAddress())));
        List<Contact> eligible = candidates.get().stream()
                .filter(c -> !held.containsKey(c.id()))
                .filter(c -> !backoff.containsKey(c.id()) || backoff.get(c.id()).untilNanos() <= now)
                .toList();
        for (Contact c : eligible) {
            if (out.size() < n && used.add(Networks.of(c.address().getAddress()))) {
                out.add(c);
            }
        }
        for (Contact c : eligible) {
            if (out.size() < n && !out.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    private synchronized boolean isCurrent(Reservation r) {
        return running && held.get(r.relay().id()) == r;
    }

    @Override
    public void reserved(Reservation r) {
        synchronized (this) {
            backoff.remove(r.relay().id());
        }
        onChange.run();
    }

    @Override
    public void closed(Reservation r, boolean refused) {
        boolean wasReserved;
        synchronized (this) {
            if (!held.remove(r.relay().id(), r)) {
                return;
            }
            wasReserved = r.wasReserved();
            legsOpening.remove(r);
            Backoff before = backoff.get(r.relay().id());
            int failures = before == null ? 1 : before.failures() + 1;
            Duration wait = FIRST_BACKOFF.multipliedBy(1L << Math.min(failures - 1, 10));
            wait = wait.compareTo(MAX_BACKOFF) > 0 || refused ? MAX_BACKOFF : wait;
            backoff.put(r.relay().id(), new Backoff(scheduler.nanoTime() + wait.toNanos(), failures));
            if (running) {
                next.cancel();
                next = scheduler.schedule(Duration.ofMillis(200), this::refill);
            }
        }
        log.debug("reservation at {} ended (refused: {})", r.relay().address(), refused);
        if (wasReserved || refused) {
            onChange.run();
        }
    }

    @Override
    public void incoming(Reservation r, byte[] circuit) {
        synchronized (this) {
            int opening = legsOpening.getOrDefault(r, 0);
            if (opening >= LEGS_OPENING_PER_RELAY) {
                return; // the dialer's circuit times out at the relay
            }
            legsOpening.put(r, opening + 1);
        }
        InetSocketAddress relay = r.relay().address();
        RelayMessage accept = RelayMessage.newBuilder()
                .setAccept(Accept.newBuilder().setCircuit(ByteString.copyFrom(circuit)))
                .build();
        network.openStream(relay, RelayProtocol.ID)
                .thenCompose(ch -> RelayReply.bridged(ch, accept, scheduler, "leg of a circuit through " + relay))
                .whenComplete((ch, error) -> {
                    synchronized (this) {
                        legsOpening.computeIfPresent(r, (k, v) -> v <= 1 ? null : v - 1);
                    }
                    if (error != null) {
                        log.debug("could not take a circuit through {}: {}", relay, error.getMessage());
                    } else {
                        ch.pipeline().addLast(new RelayedInbound(relay, handlers, scheduler));
                    }
                });
    }
}
