package io.confchat.chat.internal.direct;

import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.presence.PresenceReader;
import io.confchat.chat.internal.session.DialResult;
import io.confchat.chat.internal.session.LiveSession;
import io.confchat.chat.internal.session.SessionEndpoint;
import io.confchat.chat.internal.session.SessionEvent;
import io.confchat.chat.internal.session.SessionTransport;
import io.confchat.chat.internal.session.Sessions;
import io.confchat.dht.time.Scheduler;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Moves a login's relayed sessions to direct connections (libp2p DCUtR): the side the session was
 * dialed to, once it is up, first dials the dialer directly if its presence says it is public (a
 * unilateral upgrade), else starts a hole punch, one {@link PunchExchange} per relayed session,
 * which the dialer answers. If a punch succeeds the new direct session replaces
 * the relayed one on both sides (Sessions' rule for a newer session dialed by the same side), and
 * the texts not yet acknowledged move over; the receiver shows each once (Inbound). If every
 * attempt fails the session stays relayed. Signals of a direct session, of a session whose
 * exchange ended, or malformed ones, are ignored. Thread-safe.
 */
public final class DirectUpgrade {
    private final Sessions sessions;
    private final Optional<SessionTransport.Punching> punching;
    private final Scheduler scheduler;
    private final PresenceReader presences;
    private final Map<LiveSession, PunchExchange> exchanges = new ConcurrentHashMap<>();

    /** @param punching the transport's hole punching; without it relayed sessions stay relayed */
    public DirectUpgrade(
            Sessions sessions,
            Optional<SessionTransport.Punching> punching,
            Scheduler scheduler,
            PresenceReader presences) {
        this.sessions = sessions;
        this.punching = punching;
        this.scheduler = scheduler;
        this.presences = presences;
    }

    /** A session is up: the side a relayed session was dialed to offers a punch. */
    public void established(SessionEvent.Established e) {
        LiveSession s = e.session();
        if (!s.isRelayed()) {
            // a direct session replaced the peer's relayed one (which ends without an event)
            for (LiveSession old : List.copyOf(exchanges.keySet())) {
                if (old.peer().equals(s.peer()) && !old.isOpen()) {
                    ended(old);
                }
            }
            return;
        }
        if (s.isInitiator()) {
            return;
        }
        UserKeys peer = e.peer();
        presences.read(peer.username(), peer.identityKey()).whenComplete((presence, error) -> {
            List<SessionEndpoint> direct = presence == null
                    ? List.of()
                    : presence.endpoints().stream()
                            .filter(p -> p instanceof SessionEndpoint.Direct)
                            .toList();
            boolean peerIsPublic =
                    !direct.isEmpty() && direct.size() == presence.endpoints().size();
            if (peerIsPublic) {
                sessions.dial(peer, direct).thenAccept(result -> {
                    if (!(result instanceof DialResult.Connected)) {
                        punch(s, peer);
                    }
                });
            } else {
                punch(s, peer);
            }
        });
    }

    private void punch(LiveSession s, UserKeys peer) {
        if (punching.isEmpty() || !s.isOpen()) {
            return;
        }
        PunchExchange x = new PunchExchange(s, peer, true, sessions, punching.get(), scheduler);
        if (exchanges.putIfAbsent(s, x) == null) {
            x.offer(1);
        }
    }

    /** The peer's signal: its offer (the dialer answers it), its answer, or sync. */
    public void signal(SessionEvent.Signal s, UserKeys peer) {
        LiveSession session = s.session();
        if (punching.isEmpty() || !session.isRelayed()) {
            return;
        }
        Optional<PathSignals.Signal> signal = PathSignals.decode(s.payload());
        if (signal.isEmpty()) {
            return;
        }
        PunchExchange x = exchanges.get(session);
        if (x == null && session.isInitiator() && signal.get() instanceof PathSignals.Offer) {
            x = exchanges.computeIfAbsent(
                    session, k -> new PunchExchange(k, peer, false, sessions, punching.get(), scheduler));
        }
        if (x != null) {
            x.on(signal.get());
        }
    }

    /** A session ended (or moved to a direct path): its exchange stops. */
    public void ended(LiveSession session) {
        PunchExchange x = exchanges.remove(session);
        if (x != null) {
            x.stop();
        }
    }

    /** Stops every exchange (a logout). */
    public void stopAll() {
        for (LiveSession s : List.copyOf(exchanges.keySet())) {
            ended(s);
        }
    }
}
