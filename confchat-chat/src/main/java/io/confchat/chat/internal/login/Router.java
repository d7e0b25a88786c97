package io.confchat.chat.internal.login;

import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.Delivery;
import io.confchat.api.chat.DeliveryState;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.inbox.Outbox;
import io.confchat.chat.internal.presence.PeerPresence;
import io.confchat.chat.internal.presence.PresenceReader;
import io.confchat.chat.internal.session.DialResult;
import io.confchat.chat.internal.session.LiveSession;
import io.confchat.chat.internal.session.Outgoing;
import io.confchat.chat.internal.session.SessionEvent;
import io.confchat.chat.internal.session.SessionIntent;
import io.confchat.chat.internal.session.Sessions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that decides how a text travels to a peer: over the live session when one is up,
 * otherwise into the peer's inbox in the DHT. Every send path goes through here: a new text, the
 * texts a session hands back when it ends (resent over a redialed session when the connection
 * broke and the peer is still online, otherwise stored in the inbox), texts of a session that lost
 * a simultaneous dial. A connection that breaks (a relay died, a circuit hit its limit) is redialed
 * at once, through whatever endpoint of the peer's still works, and texts sent meanwhile wait for
 * that redial rather than go to the inbox. Whoever ends up holding a text completes its future: {@link
 * DeliveryState#DELIVERED} at the peer's acknowledgement, {@link DeliveryState#QUEUED} once stored
 * in the inbox, or a failure when neither was possible. Group messages are not texts: {@link
 * GroupChannels} sends their envelopes over the current session or one {@link #dial} opens.
 * Thread-safe.
 */
final class Router {
    private static final Logger log = LoggerFactory.getLogger(Router.class);

    private final Account me;
    private final Sessions sessions;
    private final Outbox outbox;
    private final PresenceReader presences;
    private final Executor serial;
    private final Set<CompletableFuture<Delivery>> inFlight = ConcurrentHashMap.newKeySet();
    private final Redials redials = new Redials();

    /** @param serial completes delivery futures: never on a network thread */
    Router(Account me, Sessions sessions, Outbox outbox, PresenceReader presences, Executor serial) {
        this.me = me;
        this.sessions = sessions;
        this.outbox = outbox;
        this.presences = presences;
        this.serial = serial;
    }

    /** Sends a new text. */
    CompletableFuture<Delivery> send(UserKeys peer, ChatMessage message) {
        Outgoing text = Outgoing.of(message);
        CompletableFuture<Delivery> delivery = text.delivery();
        inFlight.add(delivery);
        delivery.whenComplete((d, error) -> inFlight.remove(delivery));
        route(peer, List.of(text));
        return delivery;
    }

    /**
     * Completes when every text sent so far has reached its peer or the inbox, or failed (a logout
     * waits for this, so that a text in the middle of a redial is not cut off).
     */
    CompletableFuture<Void> settled() {
        return CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
                .handle((x, error) -> null);
    }

    /**
     * Live if a session takes them, otherwise the inbox; when the last session broke, only once a
     * redial (running, or started now: the text may come before the end was handled) has ended.
     */
    private void route(UserKeys peer, List<Outgoing> texts) {
        if (sessions.current(peer.username()).isEmpty()) {
            var redial = redials.running(peer.username());
            if (redial.isEmpty() && sessions.brokeLast(peer.username())) {
                redial = Optional.of(redials.start(peer.username(), () -> redial(peer)));
            }
            if (redial.isPresent()) {
                redial.get().whenComplete((result, error) -> routeNow(peer, texts));
                return;
            }
        }
        routeNow(peer, texts);
    }

    private void routeNow(UserKeys peer, List<Outgoing> texts) {
        LiveSession live = sessions.current(peer.username()).orElse(null);
        for (Outgoing o : texts) {
            if (live == null || live.offer(o) == LiveSession.Offer.ENDED) {
                live = null;
                toInbox(peer, o);
            }
        }
    }

    private void toInbox(UserKeys peer, Outgoing o) {
        outbox.send(me, peer, o.message())
                .whenCompleteAsync(
                        (delivery, error) -> {
                            if (error != null) {
                                o.delivery().completeExceptionally(error);
                            } else {
                                o.delivery().complete(delivery);
                            }
                        },
                        serial);
    }

    /** The peer acknowledged texts. */
    void delivered(SessionEvent.Acknowledged event) {
        redials.proven(event.session().peer());
        serial.execute(() -> {
            for (Outgoing o : event.delivered()) {
                o.delivery().complete(new Delivery(o.message(), DeliveryState.DELIVERED));
            }
        });
    }

    /**
     * A session ended with texts the peer did not acknowledge: over the current session if another
     * is up, over a redialed one if the connection broke and the peer is online, else the inbox.
     */
    void ended(SessionEvent.Ended event, UserKeys peer) {
        List<Outgoing> texts = event.unacknowledged();
        if (sessions.current(peer.username()).isPresent() || !event.reason().broke()) {
            if (!texts.isEmpty()) {
                route(peer, texts);
            }
            return;
        }
        redials.start(peer.username(), () -> redial(peer)).whenComplete((result, error) -> {
            if (error != null) {
                log.debug("redial of {} failed: {}", peer.username(), error.toString());
            }
            if (!texts.isEmpty()) {
                routeNow(peer, texts);
            }
        });
    }

    /**
     * Dials the peer if its presence says it is online; when no endpoint answers, reads the
     * presence once more and dials again if its endpoints changed meanwhile (the peer just found
     * out it needs relays, or changed them).
     */
    CompletableFuture<DialResult> dial(UserKeys peer, PeerPresence presence) {
        return dial(peer, presence, SessionIntent.CHAT);
    }

    /** As {@link #dial(UserKeys, PeerPresence)}, telling the peer what the session is for. */
    CompletableFuture<DialResult> dial(UserKeys peer, PeerPresence presence, SessionIntent intent) {
        if (!presence.isOnline()) {
            return CompletableFuture.completedFuture(new DialResult.Unreachable(peer.username() + " is offline"));
        }
        return sessions.dial(peer, presence.endpoints(), intent).thenCompose(result -> {
            if (result instanceof DialResult.Connected) {
                return CompletableFuture.completedFuture(result);
            }
            return presences
                    .read(peer.username(), peer.identityKey())
                    .thenCompose(fresh -> fresh.isOnline() && !fresh.endpoints().equals(presence.endpoints())
                            ? sessions.dial(peer, fresh.endpoints(), intent)
                            : CompletableFuture.completedFuture(result));
        });
    }

    private CompletableFuture<DialResult> redial(UserKeys peer) {
        return presences.read(peer.username(), peer.identityKey()).thenCompose(p -> dial(peer, p));
    }
}
