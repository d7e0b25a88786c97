package io.confchat.chat.internal.session;

import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.PeerUnreachableException;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.crypto.NoiseHandshake;
import io.confchat.chat.internal.crypto.NoiseTransport;
import io.confchat.chat.internal.crypto.X25519KeyPair;
import io.confchat.dht.KademliaNode;
import io.netty.channel.Channel;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Dials and accepts live sessions on the node's shared port and keeps one per peer.
 *
 * <p>Only a logged-in user accepts sessions. The dialer accepts only the user it meant to reach
 * (the identity key of the peer's user record); the accepting side checks the dialer's claimed
 * name against that name's user record before any text is delivered. When two users dial each
 * other at once, both sides keep the session dialed by the smaller identity key and move the
 * other's unacknowledged texts onto it, so none is lost or shown twice. Thread-safe.
 */
public final class Sessions {
    /** The stream protocol id of live sessions. */
    public static final String PROTOCOL_ID = "/confchat/chat/1";

    private static final byte[] PROLOGUE = PROTOCOL_ID.getBytes(StandardCharsets.US_ASCII);
    private static final String HANDSHAKE_TIMEOUT = "session-handshake-timeout";
    private static final int HANDSHAKE_SECONDS = 10;

    private final KademliaNode node;
    private final SecureRandom random;
    private final Function<String, CompletableFuture<Optional<UserKeys>>> lookup;
    private final Listener listener;
    private final Map<String, LiveSession> byPeer = new ConcurrentHashMap<>();
    private volatile Login login;

    /**
     * Registers the session protocol on {@code node}.
     *
     * @param lookup finds a user's public keys by name
     */
    public Sessions(
            KademliaNode node,
            SecureRandom random,
            Function<String, CompletableFuture<Optional<UserKeys>>> lookup,
            Listener listener) {
        this.node = node;
        this.random = random;
        this.lookup = lookup;
        this.listener = listener;
        node.registerStreamProtocol(PROTOCOL_ID, this::accept);
    }

    /** Accepts sessions for {@code account}, proving it with the Noise static key {@code key}. */
    public void login(Account account, X25519KeyPair key) {
        login = new Login(account, key);
    }

    /** Stops accepting and ends every session with a goodbye. */
    public void logout(String reason) {
        login = null;
        for (LiveSession s : byPeer.values()) {
            s.bye(reason);
        }
    }

    /** The open session with {@code peer}, if any. */
    public Optional<LiveSession> current(String peer) {
        LiveSession s = byPeer.get(peer);
        return s != null && s.isOpen() ? Optional.of(s) : Optional.empty();
    }

    /**
     * Opens a session to {@code peer} at one of its endpoints, tried in order.
     *
     * @return the session kept for this peer once established (the peer's own simultaneous dial
     *     may win); fails with {@link PeerUnreachableException}
     */
    public CompletableFuture<LiveSession> dial(UserKeys peer, List<InetSocketAddress> endpoints) {
        Login l = login;
        if (l == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("not logged in"));
        }
        CompletableFuture<LiveSession> result = CompletableFuture.failedFuture(
                new PeerUnreachableException(peer.username() + " is not reachable: no address is published"));
        for (InetSocketAddress endpoint : endpoints) {
            result = result.exceptionallyCompose(previous -> dialOnce(l, peer, endpoint));
        }
        return result;
    }

    private CompletableFuture<LiveSession> dialOnce(Login l, UserKeys peer, InetSocketAddress endpoint) {
        CompletableFuture<LiveSession> result = new CompletableFuture<>();
        node.openStream(endpoint, PROTOCOL_ID).whenComplete((channel, error) -> {
            if (error != null) {
                result.completeExceptionally(unreachable(peer, "could not connect to " + endpoint));
                return;
            }
            channel.closeFuture()
                    .addListener(closed -> result.completeExceptionally(
                            unreachable(peer, "the secure handshake with " + endpoint + " failed")));
            NoiseHandshake handshake = NoiseHandshake.initiator(l.key, PROLOGUE, random);
            install(
                    channel,
                    handshake,
                    l,
                    p -> p.username().equals(peer.username()) && peer.hasIdentity(p.identityKey()),
                    (ch, transport, p, initiator) -> {
                        LiveSession kept = keep(establish(ch, transport, p, initiator, l), false, peer);
                        kept.activate();
                        result.complete(kept);
                    });
        });
        return result;
    }

    private void accept(Channel channel) {
        Login l = login;
        if (l == null) {
            channel.close(); // nobody here to talk to
            return;
        }
        NoiseHandshake handshake = NoiseHandshake.responder(l.key, PROLOGUE, random);
        install(channel, handshake, l, p -> true, (ch, transport, p, initiator) -> {
            LiveSession s = establish(ch, transport, p, initiator, l);
            lookup.apply(p.username())
                    .whenComplete((keys, error) -> ch.eventLoop().execute(() -> {
                        if (error != null || keys.isEmpty() || !keys.get().hasIdentity(p.identityKey())) {
                            ch.close(); // claims a name whose user record has another key
                        } else if (ch.isActive()) {
                            // on the event loop, so a connection still open here reports its end only after
                            // it was announced; one that ended during the lookup is never announced
                            keep(s, true, keys.get()).activate();
                        }
                    }));
        });
    }

    private void install(
            Channel channel,
            NoiseHandshake handshake,
            Login l,
            Predicate<SessionIdentity.Peer> accept,
            NoiseHandshakeHandler.Established established) {
        byte[] payload = SessionIdentity.payload(l.account, l.key.publicKey());
        channel.pipeline().addLast(HANDSHAKE_TIMEOUT, new ReadTimeoutHandler(HANDSHAKE_SECONDS, TimeUnit.SECONDS));
        channel.pipeline().addLast(new NoiseHandshakeHandler(handshake, payload, accept, established));
    }

    private LiveSession establish(
            Channel channel, NoiseTransport transport, SessionIdentity.Peer peer, boolean initiator, Login l) {
        if (channel.pipeline().get(HANDSHAKE_TIMEOUT) != null) {
            channel.pipeline().remove(HANDSHAKE_TIMEOUT);
        }
        LiveSession s = new LiveSession(channel, transport, peer, l.account.username(), initiator, new Tracking());
        channel.pipeline().addLast(s);
        return s;
    }

    /** Registers an established session, applying the simultaneous-dial rule; returns the one kept. */
    private LiveSession keep(LiveSession fresh, boolean inbound, UserKeys peer) {
        LiveSession kept;
        List<LiveSession.Outgoing> moved = List.of();
        synchronized (this) {
            LiveSession existing = byPeer.get(fresh.peer());
            if (existing == null || !existing.isOpen() || existing == fresh) {
                byPeer.put(fresh.peer(), fresh);
                kept = fresh;
            } else {
                kept = dialedBySmallerKey(existing, fresh);
                LiveSession dropped = kept == existing ? fresh : existing;
                byPeer.put(fresh.peer(), kept);
                moved = dropped.supersede();
            }
        }
        moved.forEach(kept::send);
        if (kept == fresh) {
            listener.onEstablished(fresh, inbound, peer);
        }
        return kept;
    }

    private LiveSession dialedBySmallerKey(LiveSession a, LiveSession b) {
        return Arrays.compareUnsigned(dialerKey(a), dialerKey(b)) <= 0 ? a : b;
    }

    private byte[] dialerKey(LiveSession s) {
        Login l = login;
        byte[] own = l == null ? new byte[32] : l.account.identity().publicKey();
        return s.isInitiator() ? own : s.peerIdentityKey();
    }

    private static PeerUnreachableException unreachable(UserKeys peer, String detail) {
        return new PeerUnreachableException(peer.username() + " is not reachable live (" + detail + ")");
    }

    /** Forgets sessions that end, then tells the listener. */
    private final class Tracking implements LiveSession.Events {
        @Override
        public void onText(LiveSession session, ChatMessage message) {
            listener.onText(session, message);
        }

        @Override
        public void onTyping(LiveSession session) {
            listener.onTyping(session);
        }

        @Override
        public void onEnded(
                LiveSession session,
                List<LiveSession.Outgoing> unacknowledged,
                String reason,
                LiveSession.EndCause cause) {
            byPeer.remove(session.peer(), session);
            listener.onEnded(session, unacknowledged, reason, cause);
        }
    }

    private record Login(Account account, X25519KeyPair key) {}

    /** Session events plus the news of a session established. */
    public interface Listener extends LiveSession.Events {
        /**
         * A session is up, not yet delivering texts; {@code inbound} when the peer dialed (a chat
         * request). {@code peer} holds the keys of the peer's user record.
         */
        void onEstablished(LiveSession session, boolean inbound, UserKeys peer);
    }
}
