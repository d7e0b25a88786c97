package io.confchat.bench.chat;

import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.Delivery;
import io.confchat.api.chat.DeliveryState;
import io.confchat.api.chat.MessageId;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.crypto.X25519KeyPair;
import io.confchat.chat.internal.session.DialResult;
import io.confchat.chat.internal.session.LiveSession;
import io.confchat.chat.internal.session.NodeSessionTransport;
import io.confchat.chat.internal.session.Outgoing;
import io.confchat.chat.internal.session.SessionEndpoint;
import io.confchat.chat.internal.session.SessionEvent;
import io.confchat.chat.internal.session.SessionSettings;
import io.confchat.chat.internal.session.SessionTransport;
import io.confchat.chat.internal.session.Sessions;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.netty.channel.EventLoopGroup;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The session layer alone: two {@link Sessions} on two nodes on 127.0.0.1 (one event-loop group),
 * alice dialing bob over the real Noise XX handshake with identity proofs, user records found in a
 * map instead of the DHT. Every send is {@link LiveSession#offer} and completes when bob's ack
 * arrives (on the event loop, straight from the session's event). Bob acknowledges each batch as it
 * reads it. What the full client adds on top (message ids from {@code SecureRandom}, the
 * conversation window, the history, the seen set, listeners, the executor hops) is left out.
 */
final class SessionLink implements MessageLink {
    private static final long SETUP_SECONDS = 30;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final List<KademliaNode> nodes = new ArrayList<>();
    private final LongAdder received = new LongAdder();
    private final LiveSession session;
    private final Instant sentAt = Instant.now();
    private final long idPrefix;
    private long counter;

    SessionLink(EventLoopGroup group) {
        SecureRandom random = new SecureRandom();
        idPrefix = random.nextLong();
        try {
            Account alice = account("alice", random);
            Account bob = account("bob", random);
            Map<String, UserKeys> users = Map.of("alice", alice.publicKeys(), "bob", bob.publicKeys());
            Sessions aliceSessions = sessions(group, random, users, alice);
            sessions(group, random, users, bob);
            DialResult dialed = aliceSessions
                    .dial(
                            bob.publicKeys(),
                            List.of(SessionEndpoint.direct(nodes.get(1).localAddress())))
                    .orTimeout(SETUP_SECONDS, TimeUnit.SECONDS)
                    .join();
            if (!(dialed instanceof DialResult.Connected connected)) {
                throw new IllegalStateException("alice could not reach bob: " + dialed);
            }
            session = connected.session();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private Sessions sessions(EventLoopGroup group, SecureRandom random, Map<String, UserKeys> users, Account me) {
        KademliaNode node = KademliaNode.builder()
                .host("127.0.0.1")
                .port(0)
                .eventLoopGroup(group)
                .start()
                .orTimeout(SETUP_SECONDS, TimeUnit.SECONDS)
                .join();
        nodes.add(node);
        SessionTransport transport = new NodeSessionTransport(node);
        SessionSettings settings = new SessionSettings(
                transport,
                node.scheduler(),
                random,
                TIMEOUT,
                TIMEOUT,
                TIMEOUT,
                name -> CompletableFuture.completedFuture(Optional.ofNullable(users.get(name))));
        Sessions sessions = new Sessions(settings, me, X25519KeyPair.generate(random), keys -> true, this::onEvent);
        transport.serve(sessions::accept);
        return sessions;
    }

    private static Account account(String name, SecureRandom random) {
        byte[] storage = new byte[32];
        random.nextBytes(storage);
        return new Account(name, Ed25519KeyPair.generate(random), X25519KeyPair.generate(random), storage);
    }

    @Override
    public CompletableFuture<Delivery> send() {
        // distinct ids spread like random ones (a bijection of a counter, as the client's would be)
        Outgoing text = Outgoing.of(
                new ChatMessage(MessageId.of(idPrefix, mix(counter++)), "alice", "bob", sentAt, TEXT, false));
        if (session.offer(text) != LiveSession.Offer.ACCEPTED) {
            return CompletableFuture.failedFuture(new IllegalStateException("the session ended"));
        }
        return text.delivery();
    }

    /** The SplitMix64 finalizer: a bijection on 64-bit values. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Bob counts and acknowledges texts; alice completes what bob acknowledged. */
    private void onEvent(SessionEvent event) {
        if (event instanceof SessionEvent.Received r) {
            received.add(r.texts().size());
            r.session().acknowledge(r.texts().stream().map(ChatMessage::id).toList());
        } else if (event instanceof SessionEvent.Acknowledged a) {
            a.delivered().forEach(o -> o.delivery().complete(new Delivery(o.message(), DeliveryState.DELIVERED)));
        } else if (event instanceof SessionEvent.Ended e) {
            e.unacknowledged()
                    .forEach(o -> o.delivery()
                            .completeExceptionally(
                                    new IllegalStateException(e.reason().name())));
        }
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
}
