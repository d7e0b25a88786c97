package io.confchat.dht.internal.reachability;

import io.confchat.api.Contact;
import io.confchat.dht.Reachability;
import io.confchat.dht.internal.address.Networks;
import io.confchat.dht.internal.reachability.proto.DialStatus;
import io.confchat.dht.time.Scheduler;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out whether other nodes can reach this one (libp2p AutoNAT, v1's rule of dialing only the
 * requester's own IP): a round asks up to {@value #SERVERS} routing contacts, in different /24
 * (/48) networks where possible, to dial this node back, and waits a moment for the dial-backs
 * ({@link DialBackNonces}).
 *
 * <pre>
 *  per server:  dial-back by TCP and UDP arrived       -> REACHABLE
 *               server dialed, but one did not arrive  -> UNREACHABLE
 *               refused, silent, no stream             -> NO_ANSWER
 *  per round:   any REACHABLE -> PUBLIC; else any UNREACHABLE -> PRIVATE; else unchanged
 * </pre>
 *
 * A server cannot fake a success (the nonce must arrive on a connection it really opened to us),
 * so one success is enough; a server that lies "failed" can only make the node use relays. Rounds
 * run {@link #SOON} after start, {@link #RETRY} after a round that learned nothing (for the first
 * {@link #PATIENT_ROUNDS} such rounds in a row, while a node that just started finds its peers;
 * then doubling up to {@link #RECHECK}: nobody answering is no reason to ask all day),
 * and every {@link #RECHECK} after a verdict (addresses and NATs change). Thread-safe.
 */
public final class ReachabilityProbe {
    private static final Logger log = LoggerFactory.getLogger(ReachabilityProbe.class);
    static final int SERVERS = 3;
    static final Duration SOON = Duration.ofMillis(500);
    static final Duration RETRY = Duration.ofSeconds(10);
    static final Duration RECHECK = Duration.ofMinutes(10);
    /** Rounds that learned nothing retried at {@link #RETRY} before the retries slow down. */
    static final int PATIENT_ROUNDS = 6;
    /** After a server's answer, how long a datagram dial-back may still be on its way. */
    static final Duration GRACE = Duration.ofMillis(500);

    /** What one server did with a request. */
    enum Outcome {
        REACHABLE,
        UNREACHABLE,
        NO_ANSWER
    }

    /** Sends a dial-back request to one server. */
    @FunctionalInterface
    public interface Requester {
        CompletableFuture<DialStatus> ask(InetSocketAddress server, byte[] nonce, int port);
    }

    private final Scheduler scheduler;
    private final SecureRandom random;
    private final DialBackNonces nonces;
    private final Requester requester;
    private final Supplier<List<Contact>> contacts;
    private final IntSupplier port;
    private final Consumer<Reachability> onChange;
    private volatile Reachability current = Reachability.UNKNOWN;
    private volatile Scheduler.Cancellable next = () -> {};
    private volatile boolean stopped;
    private int fruitless;

    /**
     * @param contacts the routing table's contacts (servers), candidates to ask
     * @param port this node's port, to be dialed back at
     * @param onChange told of every change of the verdict, on a timer or network thread
     */
    public ReachabilityProbe(
            Scheduler scheduler,
            SecureRandom random,
            DialBackNonces nonces,
            Requester requester,
            Supplier<List<Contact>> contacts,
            IntSupplier port,
            Consumer<Reachability> onChange) {
        this.scheduler = scheduler;
        this.random = random;
        this.nonces = nonces;
        this.requester = requester;
        this.contacts = contacts;
        this.port = port;
        this.onChange = onChange;
    }

    /** Starts the rounds: the first one shortly. */
    public void start() {
        schedule(SOON);
    }

    /** Runs a round soon (e.g. right after joining a network), instead of at its planned time. */
    public void checkSoon() {
        next.cancel();
        synchronized (this) {
            fruitless = 0;
        }
        schedule(SOON);
    }

    public Reachability current() {
        return current;
    }

    public void stop() {
        stopped = true;
        next.cancel();
    }

    private synchronized void schedule(Duration delay) {
        if (!stopped) {
            next = scheduler.schedule(delay, this::round);
        }
    }

    /** One round; completes with the verdict (tests). */
    CompletableFuture<Reachability> round() {
        List<InetSocketAddress> servers = pick(contacts.get());
        if (servers.isEmpty()) {
            retryLater();
            return CompletableFuture.completedFuture(current);
        }
        List<CompletableFuture<Outcome>> asked = new ArrayList<>();
        for (InetSocketAddress s : servers) {
            asked.add(ask(s));
        }
        return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).thenApply(x -> {
            List<Outcome> outcomes = asked.stream().map(CompletableFuture::join).toList();
            Reachability verdict = verdict(outcomes, current);
            log.debug("reachability round: {} -> {}", outcomes, verdict);
            if (verdict != current) {
                current = verdict;
                onChange.accept(verdict);
            }
            if (verdict == Reachability.UNKNOWN) {
                retryLater();
            } else {
                synchronized (this) {
                    fruitless = 0;
                }
                schedule(RECHECK);
            }
            return verdict;
        });
    }

    /** After a round that learned nothing: {@link #RETRY}, later doubled for each such round in a row. */
    private synchronized void retryLater() {
        Duration delay = RETRY.multipliedBy(1L << Math.min(Math.max(0, fruitless - PATIENT_ROUNDS + 1), 16));
        fruitless++;
        schedule(delay.compareTo(RECHECK) < 0 ? delay : RECHECK);
    }

    private CompletableFuture<Outcome> ask(InetSocketAddress server) {
        byte[] nonce = nonces.issue();
        return requester
                .ask(server, nonce, port.getAsInt())
                .exceptionally(e -> DialStatus.DIAL_STATUS_REFUSED)
                .thenCompose(status -> after(GRACE).thenApply(x -> {
                    boolean arrived =
                            nonces.take(nonce).map(DialBackNonces.Arrival::both).orElse(false);
                    if (arrived) {
                        return Outcome.REACHABLE;
                    }
                    return status == DialStatus.DIAL_STATUS_REFUSED ? Outcome.NO_ANSWER : Outcome.UNREACHABLE;
                }));
    }

    /** The verdict of a round's outcomes, given what was known before. */
    static Reachability verdict(List<Outcome> outcomes, Reachability before) {
        if (outcomes.contains(Outcome.REACHABLE)) {
            return Reachability.PUBLIC;
        }
        if (outcomes.contains(Outcome.UNREACHABLE)) {
            return Reachability.PRIVATE;
        }
        return before;
    }

    /** Up to {@value #SERVERS} contacts, one per network first, in random order. */
    private List<InetSocketAddress> pick(List<Contact> all) {
        List<Contact> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, random);
        List<InetSocketAddress> out = new ArrayList<>();
        Set<Networks.Network> networks = new HashSet<>();
        for (Contact c : shuffled) {
            if (out.size() < SERVERS && networks.add(Networks.of(c.address().getAddress()))) {
                out.add(c.address());
            }
        }
        for (Contact c : shuffled) {
            if (out.size() < SERVERS && !out.contains(c.address())) {
                out.add(c.address());
            }
        }
        return out;
    }

    private CompletableFuture<Void> after(Duration d) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        scheduler.schedule(d, () -> f.complete(null));
        return f;
    }
}
