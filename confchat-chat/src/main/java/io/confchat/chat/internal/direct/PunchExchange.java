package io.confchat.chat.internal.direct;

import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.session.LiveSession;
import io.confchat.chat.internal.session.SessionTransport;
import io.confchat.chat.internal.session.Sessions;
import io.confchat.dht.internal.stream.HolePunch;
import io.confchat.dht.time.Scheduler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hole-punch exchange of one relayed session (libp2p DCUtR, adapted): the side the session
 * was dialed to, the offerer, runs it; the dialer answers.
 *
 * <pre>
 *  offerer                                   answerer (the session's dialer)
 *  Offer(n, my addresses:port) ----------->  binds its own punch port
 *                              <-----------  Offer(n, its addresses:port)
 *  rtt = now - sent; Sync(n) ------------->  dials at once
 *  dials rtt/2 later                          first connection: the Noise dialer over it
 *  every connection: the Noise responder      (Sessions.dialOver); the new session replaces
 *  for this peer only (Sessions.acceptFrom)   the relayed one on both sides, texts move over
 *  nothing within the window: attempt n+1, up to 3; then the session stays relayed
 * </pre>
 *
 * Thread-safe: signals arrive on the client's serial executor, punch results on network threads.
 */
final class PunchExchange {
    private static final Logger log = LoggerFactory.getLogger(PunchExchange.class);
    /** How long both sides dial each other in one attempt (SYNs are retransmitted at 1 s and 3 s). */
    static final Duration WINDOW = Duration.ofSeconds(5);
    /** Pause before the offerer tries again. */
    static final Duration PAUSE = Duration.ofSeconds(1);

    private final LiveSession relayed;
    private final UserKeys peer;
    private final boolean offerer;
    private final Sessions sessions;
    private final SessionTransport.Punching punching;
    private final Scheduler scheduler;
    private HolePunch punch;
    private int attempt;
    private long offeredAtNanos;
    private List<InetSocketAddress> remote = List.of();
    private boolean done;

    PunchExchange(
            LiveSession relayed,
            UserKeys peer,
            boolean offerer,
            Sessions sessions,
            SessionTransport.Punching punching,
            Scheduler scheduler) {
        this.relayed = relayed;
        this.peer = peer;
        this.offerer = offerer;
        this.sessions = sessions;
        this.punching = punching;
        this.scheduler = scheduler;
    }

    /** The offerer starts attempt {@code n}: a fresh punch port, offered to the peer. */
    synchronized void offer(int n) {
        if (done || !relayed.isOpen()) {
            return;
        }
        attempt = n;
        closePunch();
        punching.prepare().whenComplete((p, error) -> {
            synchronized (this) {
                if (error != null || done) {
                    closeQuietly(p);
                    return;
                }
                punch = p;
                offeredAtNanos = scheduler.nanoTime();
                relayed.signal(PathSignals.offer(n, mine(p.port())));
            }
        });
    }

    /** A signal from the peer. */
    synchronized void on(PathSignals.Signal signal) {
        if (done) {
            return;
        }
        if (signal instanceof PathSignals.Offer o && offerer && o.attempt() == attempt && punch != null) {
            answered(o);
        } else if (signal instanceof PathSignals.Offer o && !offerer && o.attempt() > attempt) {
            offered(o);
        } else if (signal instanceof PathSignals.Sync s && !offerer && s.attempt() == attempt && punch != null) {
            dial(punch, remote);
        }
    }

    /** Offerer: the answer came; sync, and dial half a round trip later. */
    private void answered(PathSignals.Offer answer) {
        Duration rtt = Duration.ofNanos(scheduler.nanoTime() - offeredAtNanos);
        relayed.signal(PathSignals.sync(attempt));
        HolePunch p = punch;
        int n = attempt;
        scheduler.schedule(
                rtt.dividedBy(2),
                () -> p.connect(answer.addresses(), WINDOW, ch -> sessions.acceptFrom(ch, peer))
                        .whenComplete((ok, error) -> {
                            if (error != null) {
                                failed(n);
                            } else {
                                succeeded();
                            }
                        }));
    }

    /** Answerer: bind a port of our own and answer with it; wait for the sync. */
    private void offered(PathSignals.Offer offer) {
        attempt = offer.attempt();
        remote = offer.addresses();
        closePunch();
        int n = attempt;
        punching.prepare().whenComplete((p, error) -> {
            synchronized (this) {
                if (error != null || done || attempt != n) {
                    closeQuietly(p);
                    return;
                }
                punch = p;
                relayed.signal(PathSignals.offer(n, mine(p.port())));
            }
        });
    }

    /** Answerer: the first connection carries the new session; the others are closed. */
    private void dial(HolePunch p, List<InetSocketAddress> to) {
        AtomicBoolean taken = new AtomicBoolean();
        p.connect(to, WINDOW, ch -> {
            if (taken.compareAndSet(false, true)) {
                sessions.dialOver(ch, peer)
                        .thenAccept(result -> log.debug("direct session with {}: {}", peer.username(), result));
            } else {
                ch.close();
            }
        });
    }

    private synchronized void failed(int n) {
        log.debug("hole punch {} with {} failed", n, peer.username());
        if (done || n != attempt) {
            return;
        }
        closePunch();
        if (n < PathSignals.MAX_ATTEMPT) {
            scheduler.schedule(PAUSE, () -> offer(n + 1));
        }
    }

    private synchronized void succeeded() {
        done = true;
    }

    /** Stops: the relayed session ended or moved. */
    synchronized void stop() {
        done = true;
        closePunch();
    }

    private List<InetSocketAddress> mine(int port) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (InetAddress ip : punching.addresses()) {
            if (out.size() < PathSignals.MAX_ADDRESSES) {
                out.add(new InetSocketAddress(ip, port));
            }
        }
        return out;
    }

    private void closePunch() {
        closeQuietly(punch);
        punch = null;
    }

    private static void closeQuietly(HolePunch p) {
        if (p != null) {
            p.close();
        }
    }
}
