package io.confchat.chat.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confchat.api.chat.ChatMessage;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.crypto.X25519KeyPair;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The responder's side of a session between the Noise handshake and the check of the dialer's
 * user record, with that lookup held open by the test, over real sockets on 127.0.0.1.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class InboundAcceptanceIT {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final KademliaNode aliceNode = node();
    private final KademliaNode bobNode = node();
    private final Account alice = account("alice");
    private final Account bob = account("bob");

    @AfterEach
    void stop() {
        aliceNode.close();
        bobNode.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Test
    void aConnectionThatEndsWhileTheDialersUserRecordIsLookedUp_isNeverAnnounced() {
        CompletableFuture<Optional<UserKeys>> aliceLookup = new CompletableFuture<>();
        AtomicBoolean lookedUp = new AtomicBoolean();
        Recording bobEvents = new Recording();
        Sessions bobSessions = new Sessions(
                bobNode,
                RANDOM,
                name -> {
                    lookedUp.set(true);
                    return aliceLookup;
                },
                bobEvents);
        Sessions aliceSessions = new Sessions(
                aliceNode,
                RANDOM,
                name -> CompletableFuture.completedFuture(Optional.of(bob.publicKeys())),
                new Recording());
        bobSessions.login(bob, X25519KeyPair.generate(RANDOM));
        aliceSessions.login(alice, X25519KeyPair.generate(RANDOM));

        LiveSession dialed = aliceSessions
                .dial(bob.publicKeys(), List.of(bobNode.localAddress()))
                .orTimeout(20, TimeUnit.SECONDS)
                .join();
        await().atMost(Duration.ofSeconds(20)).untilTrue(lookedUp);
        dialed.bye("changed my mind");
        await().atMost(Duration.ofSeconds(20)).until(() -> bobEvents.ended.size() == 1);

        aliceLookup.complete(Optional.of(alice.publicKeys())); // the genuine alice: it would be accepted
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(bobEvents.established::isEmpty);
        assertThat(bobSessions.current("alice")).isEmpty();
    }

    @Test
    void aConnectionStillOpenWhenTheLookupConfirmsTheDialer_isAnnounced_andItsEndReported() {
        CompletableFuture<Optional<UserKeys>> aliceLookup = new CompletableFuture<>();
        AtomicBoolean lookedUp = new AtomicBoolean();
        Recording bobEvents = new Recording();
        Sessions bobSessions = new Sessions(
                bobNode,
                RANDOM,
                name -> {
                    lookedUp.set(true);
                    return aliceLookup;
                },
                bobEvents);
        Sessions aliceSessions = new Sessions(
                aliceNode,
                RANDOM,
                name -> CompletableFuture.completedFuture(Optional.of(bob.publicKeys())),
                new Recording());
        bobSessions.login(bob, X25519KeyPair.generate(RANDOM));
        aliceSessions.login(alice, X25519KeyPair.generate(RANDOM));

        LiveSession dialed = aliceSessions
                .dial(bob.publicKeys(), List.of(bobNode.localAddress()))
                .orTimeout(20, TimeUnit.SECONDS)
                .join();
        await().atMost(Duration.ofSeconds(20)).untilTrue(lookedUp);
        aliceLookup.complete(Optional.of(alice.publicKeys()));
        await().atMost(Duration.ofSeconds(20)).until(() -> bobEvents.established.size() == 1);
        assertThat(bobSessions.current("alice")).isPresent();

        dialed.bye("bye");
        await().atMost(Duration.ofSeconds(20)).until(() -> bobEvents.ended.size() == 1);
    }

    private KademliaNode node() {
        return KademliaNode.builder()
                .host("127.0.0.1")
                .port(0)
                .eventLoopGroup(group)
                .start()
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
    }

    private static Account account(String name) {
        return new Account(name, Ed25519KeyPair.generate(RANDOM), X25519KeyPair.generate(RANDOM), new byte[32]);
    }

    /** Remembers the sessions announced and ended. */
    private static final class Recording implements Sessions.Listener {
        final List<LiveSession> established = new CopyOnWriteArrayList<>();
        final List<LiveSession> ended = new CopyOnWriteArrayList<>();

        @Override
        public void onEstablished(LiveSession session, boolean inbound, UserKeys peer) {
            established.add(session);
        }

        @Override
        public void onText(LiveSession session, ChatMessage message) {}

        @Override
        public void onTyping(LiveSession session) {}

        @Override
        public void onEnded(
                LiveSession session, List<LiveSession.Outgoing> unacknowledged, String reason, LiveSession.EndCause c) {
            ended.add(session);
        }
    }
}
