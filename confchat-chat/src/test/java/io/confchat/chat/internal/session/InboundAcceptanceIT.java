package io.confchat.chat.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.crypto.X25519KeyPair;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.internal.stream.NodeInternals;
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
import java.util.function.Function;
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
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final KademliaNode aliceNode = node();
    private final KademliaNode bobNode = node();
    private final Account alice = account("alice");
    private final Account bob = account("bob");
    private final CompletableFuture<Optional<UserKeys>> aliceLookup = new CompletableFuture<>();
    private final AtomicBoolean lookedUp = new AtomicBoolean();
    private final List<SessionEvent> bobEvents = new CopyOnWriteArrayList<>();
    private final Sessions bobSessions = sessions(
            bobNode,
            bob,
            name -> {
                lookedUp.set(true);
                return aliceLookup;
            },
            bobEvents::add);
    private final Sessions aliceSessions = sessions(
            aliceNode, alice, name -> CompletableFuture.completedFuture(Optional.of(bob.publicKeys())), e -> {});

    @AfterEach
    void stop() {
        aliceNode.close();
        bobNode.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Test
    void aConnectionThatEndsWhileTheDialersUserRecordIsLookedUp_isNeverAnnounced() {
        LiveSession dialed = dial();
        await().atMost(Duration.ofSeconds(20)).untilTrue(lookedUp);
        dialed.leave(ByeReason.LEFT);
        await().atMost(Duration.ofSeconds(20)).until(() -> dialed.ended().isDone());

        aliceLookup.complete(Optional.of(alice.publicKeys())); // the genuine alice: it would be accepted
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(bobEvents::isEmpty);
        assertThat(bobSessions.current("alice")).isEmpty();
    }

    @Test
    void aConnectionStillOpenWhenTheLookupConfirmsTheDialer_isAnnounced_andItsEndReported() {
        LiveSession dialed = dial();
        await().atMost(Duration.ofSeconds(20)).untilTrue(lookedUp);
        aliceLookup.complete(Optional.of(alice.publicKeys()));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> bobEvents.stream().anyMatch(e -> e instanceof SessionEvent.Established));
        assertThat(bobSessions.current("alice")).isPresent();

        dialed.leave(ByeReason.LEFT);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> bobEvents.stream().anyMatch(e -> e instanceof SessionEvent.Ended));
    }

    private LiveSession dial() {
        DialResult result = aliceSessions
                .dial(bob.publicKeys(), List.of(SessionEndpoint.direct(bobNode.localAddress())))
                .orTimeout(20, TimeUnit.SECONDS)
                .join();
        assertThat(result).isInstanceOf(DialResult.Connected.class);
        return ((DialResult.Connected) result).session();
    }

    private static Sessions sessions(
            KademliaNode node,
            Account me,
            Function<String, CompletableFuture<Optional<UserKeys>>> lookup,
            java.util.function.Consumer<SessionEvent> events) {
        NodeSessionTransport transport = new NodeSessionTransport(node);
        Sessions s = new Sessions(
                new SessionSettings(transport, node.scheduler(), RANDOM, TIMEOUT, TIMEOUT, TIMEOUT, lookup),
                me,
                X25519KeyPair.generate(RANDOM),
                keys -> true,
                events);
        transport.serve(s::accept);
        return s;
    }

    private KademliaNode node() {
        return NodeInternals.eventLoopGroup(KademliaNode.builder(), group)
                .host("127.0.0.1")
                .port(0)
                .start()
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
    }

    private static Account account(String name) {
        return new Account(name, Ed25519KeyPair.generate(RANDOM), X25519KeyPair.generate(RANDOM), new byte[32]);
    }
}
