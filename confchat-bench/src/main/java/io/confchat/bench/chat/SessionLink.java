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
import io.confchat.dht.KademliaNodeBuilder;
import io.confchat.dht.Reachability;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.internal.stream.NodeInternals;
import io.confchat.dht.relay.RelayLimits;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
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
 * map instead of the DHT. Relayed: bob's node is private and holds a reservation at a relay node
 * with an event-loop thread of its own ({@value #RELAY_THREAD}), and alice dials the circuit. Every send is {@link LiveSession#offer} and completes when bob's ack
 * arrives (on the event loop, straight from the session's event). Bob acknowledges each batch as it
 * reads it. What the full client adds on top (message ids from {@code SecureRandom}, the
 * conversation window, the history, the seen set, listeners, the executor hops) is left out.
 */
final class SessionLink implements MessageLink {
    private static final long SETUP_SECONDS = 30;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final String RELAY_THREAD = "bench-relay";

    private final List<KademliaNode> nodes = new ArrayList<>();
    private final boolean relayed;
    private EventLoopGroup relayGroup;
    private final LongAdder received = new LongAdder();
    private final LiveSession session;
    private final Instant sentAt = Instant.now();
    private final long idPrefix;
    private long counter;

    SessionLink(EventLoopGroup group, boolean relayed) {
        this.relayed = relayed;
        SecureRandom random = new SecureRandom();
        idPrefix = random.nextLong();
        try {
            Account alice = account("alice", random);
            Account bob = account("bob", random);
            Map<String, UserKeys> users = Map.of("alice", alice.publicKeys(), "bob", bob.publicKeys());
            Sessions aliceSessions = sessions(group, random, users, alice, null);
            SessionEndpoint bobAt;
            if (relayed) {
                relayGroup = new MultiThreadIoEventLoopGroup(
                        1, new DefaultThreadFactory(RELAY_THREAD), NioIoHandler.newFactory());
                KademliaNode relay = NodeInternals.eventLoopGroup(KademliaNode.builder(), relayGroup)
                        .host("127.0.0.1")
                        .port(0)
                        // no byte cap per circuit: the default (16 MiB each way, then the session
                        // redials) ends a circuit within a second at these rates
                        .relay(RelayLimits.builder()
                                .circuitLimits(Duration.ofHours(1), 0)
                                .build())
                        .start()
                        .orTimeout(SETUP_SECONDS, TimeUnit.SECONDS)
                        .join();
                nodes.add(relay);
                sessions(group, random, users, bob, relay);
                KademliaNode bobNode = nodes.get(2);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETUP_SECONDS);
                while (bobNode.relayedEndpoints().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                bobAt = new SessionEndpoint.Relayed(relay.localAddress(), bobNode.localId());
            } else {
                sessions(group, random, users, bob, null);
                bobAt = SessionEndpoint.direct(nodes.get(1).localAddress());
            }
            DialResult dialed = aliceSessions
                    .dial(bob.publicKeys(), List.of(bobAt))
                    .orTimeout(SETUP_SECONDS, TimeUnit.SECONDS)
                    .join();
            if (!(dialed instanceof DialResult.Connected connected)) {
                throw new IllegalStateException("alice could not reach bob: " + dialed);
            }
            session = connected.session();
        } catch (RuntimeException e) {
            close();
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException(e);
        }
    }

    /** Sessions of {@code me} on a node of their own; private and joined through {@code relay} if given. */
    private Sessions sessions(
            EventLoopGroup group, SecureRandom random, Map<String, UserKeys> users, Account me, KademliaNode relay) {
        KademliaNodeBuilder builder = NodeInternals.eventLoopGroup(KademliaNode.builder(), group)
                .host("127.0.0.1")
                .port(0);
        if (relay != null) {
            builder.reachability(Reachability.PRIVATE);
        }
        KademliaNode node =
                builder.start().orTimeout(SETUP_SECONDS, TimeUnit.SECONDS).join();
        nodes.add(node);
        if (relay != null) {
            node.bootstrap(List.of(relay.localAddress()))
                    .orTimeout(SETUP_SECONDS, TimeUnit.SECONDS)
                    .join();
        }
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
        return relayed
                ? "session through a relay: LiveSession alice -> relay -> bob (Sessions on two nodes, the relay on a"
                        + " thread of its own, no DHT), send until acked"
                : "session: LiveSession alice -> bob (Sessions on two nodes, no DHT), send until acked";
    }

    @Override
    public long relayCpuNanos() {
        if (!relayed) {
            return -1;
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith(RELAY_THREAD)) {
                sum += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }

    long received() {
        return received.sum();
    }

    @Override
    public void close() {
        nodes.forEach(KademliaNode::close);
        if (relayGroup != null) {
            relayGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
