package io.confchat.bench.chat;

import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.Delivery;
import io.confchat.api.chat.DeliveryState;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.crypto.X25519KeyPair;
import io.confchat.chat.internal.session.LiveSession;
import io.confchat.chat.internal.session.Sessions;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.netty.channel.EventLoopGroup;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The session layer alone: two {@link Sessions} on two nodes on 127.0.0.1 (one event-loop group),
 * alice dialing bob over the real Noise XX handshake with identity proofs, user records found in a
 * map instead of the DHT. Every send is {@link LiveSession#send} and completes when bob's ack
 * arrives. What the full client adds on top (message ids from {@code SecureRandom}, the
 * conversation's message list, the seen-set, listeners) is left out.
 */
final class SessionLink implements MessageLink {
    private static final HexFormat HEX = HexFormat.of();
    private static final long SETUP_SECONDS = 30;

    private final List<KademliaNode> nodes = new ArrayList<>();
    private final LongAdder received = new LongAdder();
    private final LiveSession session;
    private final String idPrefix;
    private final Instant sentAt = Instant.now();
    private long counter;

    SessionLink(EventLoopGroup group) {
        SecureRandom random = new SecureRandom();
        idPrefix = HEX.toHexDigits(random.nextLong());
        try {
            Account alice = account("alice", random);
            Account bob = account("bob", random);
            Map<String, UserKeys> users = Map.of("alice", alice.publicKeys(), "bob", bob.publicKeys());
            Sessions aliceSessions = sessions(group, random, users);
            Sessions bobSessions = sessions(group, random, users);
            aliceSessions.login(alice, X25519KeyPair.generate(random));
            bobSessions.login(bob, X25519KeyPair.generate(random));
            session = aliceSessions
                    .dial(bob.publicKeys(), List.of(nodes.get(1).localAddress()))
                    .orTimeout(SETUP_SECONDS, TimeUnit.SECONDS)
                    .join();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private Sessions sessions(EventLoopGroup group, SecureRandom random, Map<String, UserKeys> users) {
        KademliaNode node = KademliaNode.builder()
                .host("127.0.0.1")
                .port(0)
                .eventLoopGroup(group)
                .start()
                .orTimeout(SETUP_SECONDS, TimeUnit.SECONDS)
                .join();
        nodes.add(node);
        return new Sessions(
                node,
                random,
                name -> CompletableFuture.completedFuture(Optional.ofNullable(users.get(name))),
                new Counting());
    }

    private static Account account(String name, SecureRandom random) {
        byte[] storage = new byte[32];
        random.nextBytes(storage);
        return new Account(name, Ed25519KeyPair.generate(random), X25519KeyPair.generate(random), storage);
    }

    @Override
    public CompletableFuture<Delivery> send() {
        // distinct (a bijection of a counter) and spread like the client's random ids: sequential
        // ids would collide in ByteString's polynomial hash and turn the ack lookup into a tree walk
        String id = idPrefix + HEX.toHexDigits(mix(counter++));
        return session.send(new ChatMessage(id, "alice", "bob", sentAt, TEXT, false));
    }

    /** The SplitMix64 finalizer: a bijection on 64-bit values. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    public boolean delivered(Object result) {
        return result instanceof Delivery d && d.state() == DeliveryState.DELIVERED;
    }

    @Override
    public String describe() {
        return "session: LiveSession alice -> bob (Sessions on two nodes, no DHT), send until acked";
    }

    long received() {
        return received.sum();
    }

    @Override
    public void close() {
        nodes.forEach(KademliaNode::close);
    }

    /** Bob counts texts; nothing else happens on either side. */
    private final class Counting implements Sessions.Listener {
        @Override
        public void onEstablished(LiveSession s, boolean inbound, UserKeys peer) {}

        @Override
        public void onText(LiveSession s, ChatMessage message) {
            received.increment();
        }

        @Override
        public void onTyping(LiveSession s) {}

        @Override
        public void onEnded(
                LiveSession s, List<LiveSession.Outgoing> unacknowledged, String reason, LiveSession.EndCause cause) {
            unacknowledged.forEach(o -> o.delivery().completeExceptionally(new IllegalStateException(reason)));
        }
    }
}
