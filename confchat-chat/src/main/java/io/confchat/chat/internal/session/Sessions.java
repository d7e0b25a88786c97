package io.confchat.chat.internal.session;

import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.crypto.NoiseHandshake;
import io.confchat.chat.internal.crypto.NoiseTransport;
import io.confchat.chat.internal.crypto.X25519KeyPair;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
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
 * before anything it sent is delivered, and announces only a session that is still open then.
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

    private static final byte[] PROLOGUE = PROTOCOL_ID.getBytes(StandardCharsets.US_ASCII);

    private final SessionSettings settings;
    private final Account me;
    private final X25519KeyPair staticKey;
    private final Consumer<SessionEvent> events;
    private final Predicate<UserKeys> trusted;
    private final Map<String, SessionHandler> byPeer = new ConcurrentHashMap<>();
    private final Set<LiveSession> announced = ConcurrentHashMap.newKeySet();
    private final Set<Channel> channels = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Set<String> broken = ConcurrentHashMap.newKeySet();
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
        this.staticKey = staticKey;
        this.trusted = trusted;
        this.events = events;
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

    /** Opens a session to {@code peer}, trying its endpoints (direct or relayed) in order. */
    public CompletableFuture<DialResult> dial(UserKeys peer, List<SessionEndpoint> endpoints) {
        CompletableFuture<DialResult> result = CompletableFuture.completedFuture(
                new DialResult.Unreachable(peer.username() + " publishes no address"));
        for (SessionEndpoint endpoint : endpoints) {
            result = result.thenCompose(previous -> previous instanceof DialResult.Connected
                    ? CompletableFuture.completedFuture(previous)
                    : dialOnce(peer, endpoint));
        }
        return result;
    }

    private CompletableFuture<DialResult> dialOnce(UserKeys peer, SessionEndpoint endpoint) {
        if (stopped) {
            return CompletableFuture.completedFuture(new DialResult.Unreachable("logged out"));
        }
        CompletableFuture<Channel> opened = settings.transport().open(endpoint);
        return within(
                opened,
                "a session with " + endpoint,
                result -> opened.whenComplete((channel, error) -> {
                    if (error != null) {
                        result.complete(new DialResult.Unreachable("could not connect to " + endpoint));
                    } else {
                        handshakeAsDialer(channel, peer, result);
                    }
                }));
    }

    /**
     * Runs the dialer's side of a session with {@code peer} on a connection made already (a hole
     * punch: no protocol id is sent on it, both sides know what it is for).
     */
    public CompletableFuture<DialResult> dialOver(Channel channel, UserKeys peer) {
        if (stopped) {
            channel.close();
            return CompletableFuture.completedFuture(new DialResult.Unreachable("logged out"));
        }
        return within(
                CompletableFuture.completedFuture(channel),
                "a session over " + channel.remoteAddress(),
                r -> handshakeAsDialer(channel, peer, r));
    }

    /** A dial that gives up (closing what it opened) once the dial timeout has passed. */
    private CompletableFuture<DialResult> within(
            CompletableFuture<Channel> opened, String what, Consumer<CompletableFuture<DialResult>> run) {
        CompletableFuture<DialResult> result = new CompletableFuture<>();
        var timeout = settings.scheduler().schedule(settings.dialTimeout(), () -> {
            if (result.complete(new DialResult.Unreachable("no " + what + " within " + settings.dialTimeout()))) {
                opened.thenAccept(Channel::close); // nothing half-open stays
            }
        });
        result.whenComplete((r, e) -> timeout.cancel());
        run.accept(result);
        return result;
    }

    private void handshakeAsDialer(Channel channel, UserKeys peer, CompletableFuture<DialResult> result) {
        track(channel);
        if (result.isDone()) {
            channel.close();
            return;
        }
        channel.closeFuture()
                .addListener(closed -> result.complete(new DialResult.Unreachable(
                        "the secure handshake with " + channel.remoteAddress() + " failed")));
        NoiseHandshake handshake = NoiseHandshake.initiator(staticKey, PROLOGUE, settings.random());
        install(channel, handshake, isUser(peer), (ctx, t, p) -> {
            SessionHandler fresh = attach(ctx, t, p, true);
            result.complete(new DialResult.Connected(keep(fresh, false, peer)));
        });
    }

    private static Predicate<SessionIdentity.Peer> isUser(UserKeys peer) {
        return p -> p.username().equals(peer.username()) && peer.hasIdentity(p.identityKey());
    }

    /** Takes an inbound connection: handshake, then the check of the dialer's user record. */
    public void accept(Channel channel) {
        if (stopped) {
            channel.close();
            return;
        }
        track(channel);
        install(channel, NoiseHandshake.responder(staticKey, PROLOGUE, settings.random()), p -> true, (ctx, t, p) -> {
            SessionHandler fresh = attach(ctx, t, p, false);
            settings.lookup()
                    .apply(p.username())
                    .whenComplete((keys, error) -> onLoop(channel, () -> {
                        boolean genuine = error == null
                                && keys.isPresent()
                                && keys.get().hasIdentity(p.identityKey())
                                && trusted.test(keys.get());
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
     * that user's handshake is accepted, and no user record is read (the keys are known).
     */
    public void acceptFrom(Channel channel, UserKeys peer) {
        if (stopped) {
            channel.close();
            return;
        }
        track(channel);
        NoiseHandshake handshake = NoiseHandshake.responder(staticKey, PROLOGUE, settings.random());
        install(channel, handshake, isUser(peer), (ctx, t, p) -> {
            SessionHandler fresh = attach(ctx, t, p, false);
            if (channel.isActive() && keep(fresh, true, peer) == fresh) {
                fresh.accept();
            }
        });
    }

    private void install(
            Channel channel, NoiseHandshake handshake, Predicate<SessionIdentity.Peer> accept, Attach next) {
        byte[] payload = SessionIdentity.payload(me, staticKey.publicKey());
        channel.pipeline()
                .addLast(new HandshakeHandler(
                        handshake,
                        payload,
                        accept,
                        settings.scheduler(),
                        settings.handshakeTimeout(),
                        (ctx, transport, peer, initiator) -> next.on(ctx, transport, peer)));
    }

    /** Replaces the handshake handler with the transport handlers and a session handler. */
    private SessionHandler attach(ChannelHandlerContext ctx, NoiseTransport t, SessionIdentity.Peer p, boolean dialer) {
        Channel ch = ctx.channel();
        SessionHandler session = new SessionHandler(ch, p, me.username(), dialer, !dialer, settings, this::onEvent);
        ctx.pipeline().replace(ctx.handler(), "noise", new NoiseTransportCodec(t));
        ctx.pipeline().addLast("frames", new SessionFrameCodec());
        ctx.pipeline().addLast("session", session);
        return session;
    }

    /**
     * Registers an established session: direct beats relayed, then the newer one dialed by the
     * same side, then the simultaneous-dial rule; returns the one kept.
     */
    private LiveSession keep(SessionHandler fresh, boolean inbound, UserKeys peer) {
        SessionHandler kept;
        SessionHandler dropped = null;
        boolean moved;
        synchronized (this) {
            SessionHandler existing = byPeer.get(fresh.peer());
            boolean replacing = existing != null && existing.isOpen() && existing != fresh;
            boolean sameDialer = replacing && existing.isInitiator() == fresh.isInitiator();
            if (!replacing) {
                kept = fresh;
            } else if (existing.isRelayed() != fresh.isRelayed()) {
                kept = existing.isRelayed() ? fresh : existing;
            } else {
                kept = sameDialer || dialerKeyOrder(existing, fresh) > 0 ? fresh : existing;
            }
            moved = replacing && kept == fresh && (sameDialer || existing.isRelayed() != fresh.isRelayed());
            dropped = !replacing ? null : kept == existing ? fresh : existing;
            byPeer.put(fresh.peer(), kept);
            broken.remove(fresh.peer());
            if (kept == fresh) {
                announced.add(fresh);
            }
        }
        if (kept == fresh) {
            // a session that moved to another connection is no new chat request
            events.accept(new SessionEvent.Established(fresh, inbound && !moved, peer));
        }
        if (dropped != null) {
            List<Outgoing> left = moved && fresh.isInitiator()
                    ? dropped.supersede(settings.ackTimeout()) // the peer closes it once it moved too
                    : dropped.supersede();
            List<Outgoing> refused = left.stream()
                    .filter(o -> kept.offer(o) == LiveSession.Offer.ENDED)
                    .toList();
            if (!refused.isEmpty()) {
                events.accept(new SessionEvent.Ended(dropped, EndReason.CONNECTION_LOST, refused));
            }
        }
        return kept;
    }

    /** Orders two sessions with one peer by the identity key of the side that dialed each. */
    private int dialerKeyOrder(LiveSession a, LiveSession b) {
        return Arrays.compareUnsigned(dialerKey(a), dialerKey(b));
    }

    private byte[] dialerKey(LiveSession s) {
        return s.isInitiator() ? me.identity().publicKey() : s.peerIdentityKey();
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

    private List<Channel> openChannels() {
        synchronized (channels) {
            return List.copyOf(channels);
        }
    }

    private void track(Channel channel) {
        channels.add(channel);
        channel.closeFuture().addListener(f -> channels.remove(channel));
    }

    /** Stops accepting and dialing, and says goodbye on every session (a logout). */
    public void leaveAll(ByeReason reason) {
        stopped = true;
        byPeer.values().forEach(s -> s.leave(reason));
        for (Channel c : openChannels()) {
            if (c.pipeline().get(SessionHandler.class) == null) {
                c.close(); // still in its handshake
            }
        }
    }

    /** Stops accepting and dialing and closes every connection without a goodbye (a crash). */
    public void dropAll() {
        stopped = true;
        openChannels().forEach(Channel::close);
    }

    @FunctionalInterface
    private interface Attach {
        void on(ChannelHandlerContext ctx, NoiseTransport transport, SessionIdentity.Peer peer);
    }
}
