package io.confchat.chat.internal.session;

import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.crypto.X25519KeyPair;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The live sessions of one login: dials and accepts them and keeps one per peer.
 *
 * <p>The dialer accepts only the user it meant to reach (the identity key of the peer's user
 * record); the accepting side checks the dialer's claimed name against that name's user record
 * (or against a binding confirmed in the last minutes, {@link ConfirmedNames}) and the pin before
 * anything it sent is delivered, and announces only a session that is still open then.
 * When two users dial each other at once, both sides keep the session dialed by the smaller
 * identity key and move the other's unacknowledged texts onto it, so none is lost or shown twice.
 * A direct session beats a relayed one whoever dialed them, and a newer session dialed by the same
 * side as the open one (a redial, a hole punch) replaces it: such a move happens the same way on
 * both sides, the dialer of the new session leaving the old connection for the peer to close, so
 * the peer's old session never ends as lost, and it is no new chat request.
 * Events of the sessions reach {@code events} ({@link SessionEvent}); the end of a session that was
 * never announced is not reported. Thread-safe.
 */
public final class Sessions {
    /** The stream protocol id of live sessions. */
    public static final String PROTOCOL_ID = "/confchat/chat/1";

    private final SessionSettings settings;
    private final Account me;
    private final SessionPipeline pipeline;
    private final Consumer<SessionEvent> events;
    private final Predicate<UserKeys> trusted;
    private final Map<String, SessionHandler> byPeer = new ConcurrentHashMap<>();
    private final Set<LiveSession> announced = ConcurrentHashMap.newKeySet();
    private final OpenChannels channels = new OpenChannels();
    private final Set<String> broken = ConcurrentHashMap.newKeySet();
    private final ConfirmedNames confirmed;
    private volatile boolean stopped;

    /**
     * Sessions of {@code me}, whose Noise static key (the login's device key) is {@code staticKey}.
     *
     * @param trusted whether a dialer's keys may be accepted (its pinned key, or a first contact)
     */
    public Sessions(
            SessionSettings settings,
            Account me,
            X25519KeyPair staticKey,
            Predicate<UserKeys> trusted,
            Consumer<SessionEvent> events) {
        this.settings = settings;
        this.me = me;
        this.pipeline = new SessionPipeline(settings, me, staticKey, this::onEvent);
        this.trusted = trusted;
        this.events = events;
        this.confirmed = new ConfirmedNames(settings.scheduler());
    }

    /** How many peers have an open session now. */
    public int liveCount() {
        int n = 0;
        for (String peer : byPeer.keySet()) {
            if (current(peer).isPresent()) {
                n++;
            }
        }
        return n;
    }

    /** The open session with {@code peer}, if any. */
    public Optional<LiveSession> current(String peer) {
        SessionHandler s = byPeer.get(peer);
        return s != null && s.isOpen() ? Optional.of(s) : Optional.empty();
    }

    /**
     * True when the last session with {@code peer} ended because its connection broke (known the
     * moment it closes, before its {@link SessionEvent.Ended} is handled): worth a redial.
     */
    public boolean brokeLast(String peer) {
        return broken.contains(peer);
    }

    /** Opens a session for a chat to {@code peer}, trying its endpoints (direct or relayed) in order. */
    public CompletableFuture<DialResult> dial(UserKeys peer, List<SessionEndpoint> endpoints) {
        return dial(peer, endpoints, SessionIntent.CHAT);
    }

    /**
     * Opens a session to {@code peer} for {@code intent}, trying its endpoints (direct or relayed)
     * in order.
     */
    public CompletableFuture<DialResult> dial(UserKeys peer, List<SessionEndpoint> endpoints, SessionIntent intent) {
        CompletableFuture<DialResult> result = CompletableFuture.completedFuture(
                new DialResult.Unreachable(peer.username() + " publishes no address"));
        for (SessionEndpoint endpoint : endpoints) {
            result = result.thenCompose(previous -> previous instanceof DialResult.Connected
                    ? CompletableFuture.completedFuture(previous)
                    : dialOnce(peer, endpoint, intent));
        }
        return result;
    }

    private CompletableFuture<DialResult> dialOnce(UserKeys peer, SessionEndpoint endpoint, SessionIntent intent) {
        if (stopped) {
            return CompletableFuture.completedFuture(new DialResult.Unreachable("logged out"));
        }
        CompletableFuture<Channel> opened = settings.transport().open(endpoint);
        return DialDeadline.run(
                settings,
                opened,
                "a session with " + endpoint,
                result -> opened.whenComplete((channel, error) -> {
                    if (error != null) {
                        result.complete(new DialResult.Unreachable("could not connect to " + endpoint));
                    } else {
                        handshakeAsDialer(channel, peer, Purpose.NEW_SESSION, intent, result);
                    }
                }));
    }

    /**
     * Runs the dialer's side of a session with {@code peer} on a connection made already (a hole
     * punch: no protocol id is sent on it, both sides know what it is for). The session only
     * replaces an open relayed one: if that ended meanwhile (either side left the chat), the new
     * one says goodbye at once and the result is {@link DialResult.Unreachable}.
     */
    public CompletableFuture<DialResult> dialOver(Channel channel, UserKeys peer) {
        if (stopped) {
            channel.close();
            return CompletableFuture.completedFuture(new DialResult.Unreachable("logged out"));
        }
        return DialDeadline.run(
                settings,
                CompletableFuture.completedFuture(channel),
                "a session over " + channel.remoteAddress(),
                r -> handshakeAsDialer(channel, peer, Purpose.MOVE_RELAYED, SessionIntent.CHAT, r));
    }

    /** What a session made on a connection is for. */
    private enum Purpose {
        /** A session of its own (a dial), kept by {@link #keep}'s rules. */
        NEW_SESSION,
        /** The new path of an open relayed session (a hole punch); dropped if that ended. */
        MOVE_RELAYED
    }

    private void handshakeAsDialer(
            Channel channel,
            UserKeys peer,
            Purpose purpose,
            SessionIntent intent,
            CompletableFuture<DialResult> result) {
        channels.track(channel);
        if (result.isDone()) {
            channel.close();
            return;
        }
        channel.closeFuture()
                .addListener(closed -> result.complete(new DialResult.Unreachable(
                        "the secure handshake with " + channel.remoteAddress() + " failed")));
        pipeline.start(channel, true, intent, isUser(peer), fresh -> {
            if (purpose == Purpose.MOVE_RELAYED && !relayedOpen(peer.username())) {
                fresh.leave(ByeReason.LEFT);
                result.complete(new DialResult.Unreachable(
                        "the relayed session with " + peer.username() + " ended before the direct one was up"));
            } else {
                // not confirmed in ConfirmedNames: the caller's keys may be held since long ago
                // (GroupChannels keeps them for the login), not resolved now
                result.complete(new DialResult.Connected(keep(fresh, false, peer)));
            }
        });
    }

    private static Predicate<SessionIdentity.Peer> isUser(UserKeys peer) {
        return p -> p.username().equals(peer.username()) && peer.hasIdentity(p.identityKey());
    }

    /**
     * Takes an inbound connection: handshake, then the check of the dialer's name (its user record,
     * or the binding confirmed lately) and of the pin.
     */
    public void accept(Channel channel) {
        if (stopped) {
            channel.close();
            return;
        }
        channels.track(channel);
        pipeline.start(channel, false, SessionIntent.CHAT, p -> true, fresh -> {
            Optional<UserKeys> cached = confirmed.of(fresh.peer(), fresh.peerIdentityKey());
            (cached.isPresent()
                            ? CompletableFuture.completedFuture(cached)
                            : settings.lookup().apply(fresh.peer()))
                    .whenComplete((keys, error) -> onLoop(channel, () -> {
                        boolean genuine = error == null
                                && keys.isPresent()
                                && keys.get().hasIdentity(fresh.peerIdentityKey())
                                && trusted.test(keys.get()); // the pin, on every session, cached or not
                        if (genuine && cached.isEmpty()) { // resolved now: a cache hit renews nothing
                            confirmed.confirmed(keys.get());
                        }
                        if (!genuine || stopped) {
                            // claims a name whose user record has another key, or not the pinned one
                            fresh.refuse();
                        } else if (channel.isActive() && keep(fresh, true, keys.get()) == fresh) {
                            // still open here, on the event loop: it is announced before its end is
                            fresh.accept();
                        }
                    }));
        });
    }

    /**
     * Takes a connection from {@code peer} made for this session already (a hole punch): only
     * that user's handshake is accepted, and no user record is read (the keys are known). Like
     * {@link #dialOver}, the session only replaces an open relayed one, else it says goodbye.
     */
    public void acceptFrom(Channel channel, UserKeys peer) {
        if (stopped) {
            channel.close();
            return;
        }
        channels.track(channel);
        pipeline.start(channel, false, SessionIntent.CHAT, isUser(peer), fresh -> {
            if (!relayedOpen(peer.username())) {
                fresh.leave(ByeReason.LEFT); // never announced: a chat left meanwhile is not reopened
            } else if (channel.isActive() && keep(fresh, true, peer) == fresh) {
                fresh.accept();
            }
        });
    }

    /**
     * Registers an established session by {@link SessionChoice}'s rules and hands the texts of the
     * session dropped to the one kept; returns the one kept.
     */
    private LiveSession keep(SessionHandler fresh, boolean inbound, UserKeys peer) {
        SessionChoice choice;
        synchronized (this) {
            choice = SessionChoice.between(
                    byPeer.get(fresh.peer()), fresh, me.identity().publicKey());
            byPeer.put(fresh.peer(), choice.kept());
            broken.remove(fresh.peer());
            if (choice.kept() == fresh) {
                announced.add(fresh);
            }
        }
        if (choice.kept() == fresh) {
            // a session that moved to another connection is no new chat request
            events.accept(new SessionEvent.Established(fresh, inbound && !choice.moved(), fresh.intent(), peer));
        }
        SessionHandler dropped = choice.dropped();
        if (dropped != null) {
            List<Outgoing> left = dropped.supersede(
                    choice.moved() && fresh.isInitiator()
                            ? settings.ackTimeout() // the peer closes it once it moved too
                            : Duration.ZERO);
            List<Outgoing> refused = left.stream()
                    .filter(o -> choice.kept().offer(o) == LiveSession.Offer.ENDED)
                    .toList();
            if (!refused.isEmpty()) {
                events.accept(new SessionEvent.Ended(dropped, EndReason.CONNECTION_LOST, refused));
            }
        }
        return choice.kept();
    }

    /**
     * Whether the session with {@code peer} is an open relayed one, which a punched session may
     * replace (checked just before {@link #keep}: a relayed session that ends in between is
     * replaced all the same, as if the move had come first).
     */
    private boolean relayedOpen(String peer) {
        SessionHandler current = byPeer.get(peer);
        return current != null && current.isOpen() && current.isRelayed();
    }

    private void onEvent(SessionEvent event) {
        if (event instanceof SessionEvent.Ended ended) {
            if (byPeer.remove(ended.session().peer(), ended.session())
                    && ended.reason().broke()) {
                broken.add(ended.session().peer());
            }
            if (!announced.remove(ended.session())) {
                return; // never announced: nobody holds it, and it carried no text of ours
            }
        }
        events.accept(event);
    }

    /** Runs {@code task} on the channel's event loop: at once if already there. */
    private static void onLoop(Channel channel, Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
        } else {
            channel.eventLoop().execute(task);
        }
    }

    /** Stops accepting and dialing, and says goodbye on every session (a logout). */
    public void leaveAll(ByeReason reason) {
        stopped = true;
        byPeer.values().forEach(s -> s.leave(reason));
        channels.closeHandshaking();
    }

    /** Stops accepting and dialing and closes every connection without a goodbye (a crash). */
    public void dropAll() {
        stopped = true;
        channels.closeAll();
    }
}
