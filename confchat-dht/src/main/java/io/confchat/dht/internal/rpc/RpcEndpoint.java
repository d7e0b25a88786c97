package io.confchat.dht.internal.rpc;

import io.confchat.api.NodeClosedException;
import io.confchat.api.NodeId;
import io.confchat.api.ProtocolViolationException;
import io.confchat.dht.internal.wire.Envelope;
import io.confchat.dht.internal.wire.Message;
import io.confchat.dht.internal.wire.Message.Truncated;
import io.confchat.dht.internal.wire.WireCodec;
import io.confchat.dht.internal.wire.WireLimits;
import io.confchat.dht.time.Scheduler;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request/response over a {@link Transport}: encodes each call, sends it as a datagram when it
 * fits and over a stream otherwise, matches the reply by its random request id <em>and</em> the
 * address it was sent to, times it out adaptively, and retries over a stream when the reply comes
 * back {@link Truncated} (as DNS does over TCP). Inbound requests go to the {@link RequestHandler}
 * and their answers back on the path they came by.
 *
 * <pre>
 *  call ──encode──▶ fits 1,232 B? ──yes──▶ datagram ──▶ reply ──▶ complete
 *                        │ no                              │ TRUNCATED
 *                        ▼                                 ▼
 *                      stream ◀──────────── same request id over TCP
 * </pre>
 *
 * Thread-safe. Malformed inbound bytes are dropped with a debug log.
 */
public final class RpcEndpoint {
    private static final Logger log = LoggerFactory.getLogger(RpcEndpoint.class);

    private final Transport transport;
    private final NodeId self;
    private final Scheduler scheduler;
    private final RttEstimator rtt;
    private final Duration streamTimeout;
    private final SecureRandom random;
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private volatile RequestHandler handler = (from, request, viaDatagram) -> null;
    private volatile RequestHandler.CookieCheck cookies = RequestHandler.CookieCheck.NONE;
    private final CookieJar jar = new CookieJar();
    private final RpcCounters counters = new RpcCounters();
    private volatile boolean closed;
    private volatile boolean client;

    /** How large a request without a cookie is padded: about the size of the reply it asks for. */
    static int paddedSize(Message request) {
        if (request instanceof Message.Ping) {
            return 256; // a PONG is about 160 bytes
        }
        if (request instanceof Message.Store) {
            return 320; // a STORE_RESULT with the longest refusal detail
        }
        return WireLimits.MAX_DATAGRAM_BYTES;
    }

    private record Pending(
            InetSocketAddress to,
            Message request,
            CompletableFuture<Envelope> future,
            long sentAtNanos,
            boolean viaStream,
            Scheduler.Cancellable timer) {
        Pending withTimer(Scheduler.Cancellable t) {
            return new Pending(to, request, future, sentAtNanos, viaStream, t);
        }
    }

    public RpcEndpoint(
            Transport transport, NodeId self, Scheduler scheduler, RttEstimator rtt, Duration streamTimeout) {
        this(transport, self, scheduler, rtt, streamTimeout, new SecureRandom());
    }

    /** The same, request ids drawn from {@code random} (the node's, seeded in simulations). */
    public RpcEndpoint(
            Transport transport,
            NodeId self,
            Scheduler scheduler,
            RttEstimator rtt,
            Duration streamTimeout,
            SecureRandom random) {
        this.random = random;
        this.transport = transport;
        this.self = self;
        this.scheduler = transport.requestTimers(scheduler);
        this.rtt = rtt;
        this.streamTimeout = streamTimeout;
    }

    /**
     * Starts the transport; inbound requests go to {@code requests}, and no datagram reply is
     * larger than its request. Completes with the bound address.
     */
    public CompletableFuture<InetSocketAddress> start(RequestHandler requests) {
        return start(requests, RequestHandler.CookieCheck.NONE);
    }

    /**
     * As {@link #start(RequestHandler)}; a datagram request with a cookie {@code cookies} accepts
     * may get a reply larger than itself (up to a full datagram).
     */
    public CompletableFuture<InetSocketAddress> start(RequestHandler requests, RequestHandler.CookieCheck cookies) {
        this.handler = requests;
        this.cookies = cookies;
        return transport.start(this::onPacket);
    }

    /**
     * Marks every envelope sent from now on (requests and replies) as a client's, one that must
     * not be put in routing tables ({@code Envelope.client}), or stops doing so.
     */
    public void clientMode(boolean client) {
        this.client = client;
    }

    /**
     * Where this endpoint's request timeouts run ({@link Transport#requestTimers}): for other
     * timers of one request, such as a lookup's slow mark.
     */
    public Scheduler requestTimers() {
        return scheduler;
    }

    /** The round-trip estimator that sets this endpoint's timeouts. */
    public RttEstimator rtt() {
        return rtt;
    }

    /** The transport this endpoint sends over (its connection counts, for snapshots). */
    public Transport transport() {
        return transport;
    }

    /** What this endpoint sent, answered and timed out, per request kind. */
    public RpcCounters counters() {
        return counters;
    }

    /** Sends {@code request} and completes with the reply, or fails with {@link RpcTimeoutException}. */
    public CompletableFuture<Envelope> call(InetSocketAddress to, Message request) {
        return call(to, request, rtt.timeout());
    }

    /** As {@link #call(InetSocketAddress, Message)} with an explicit timeout. */
    public CompletableFuture<Envelope> call(InetSocketAddress to, Message request, Duration timeout) {
        if (closed) {
            return CompletableFuture.failedFuture(new NodeClosedException("the node is closed"));
        }
        CompletableFuture<Envelope> future = new CompletableFuture<>();
        counters.sent(request);
        long id = newRequestId();
        byte[] cookie = jar.get(to);
        byte[] bytes = cookie != null
                ? WireCodec.encode(new Envelope(id, self, request, cookie, client))
                : WireCodec.encodePadded(new Envelope(id, self, request, new byte[0], client), paddedSize(request));
        send(id, to, request, bytes, bytes.length > WireLimits.MAX_DATAGRAM_BYTES, timeout, future);
        return future;
    }

    private void send(
            long id,
            InetSocketAddress to,
            Message request,
            byte[] bytes,
            boolean viaStream,
            Duration timeout,
            CompletableFuture<Envelope> future) {
        Duration limit = viaStream ? max(timeout, streamTimeout) : timeout;
        // registered before the timer exists, so a timer that fires at once still finds the entry
        pending.put(id, new Pending(to, request, future, scheduler.nanoTime(), viaStream, () -> {}));
        Scheduler.Cancellable timer = scheduler.schedule(limit, () -> {
            if (pending.remove(id) != null) {
                rtt.timedOut();
                counters.timedOut(request);
                future.completeExceptionally(new RpcTimeoutException(to, limit));
            }
        });
        pending.computeIfPresent(id, (k, p) -> p.withTimer(timer));
        if (viaStream) {
            transport.sendStream(to, bytes).whenComplete((ok, error) -> {
                if (error != null && pending.remove(id) != null) {
                    timer.cancel();
                    future.completeExceptionally(error);
                }
            });
        } else {
            transport.sendDatagram(to, bytes);
        }
    }

    private long newRequestId() {
        long id;
        do {
            id = random.nextLong();
        } while (pending.containsKey(id));
        return id;
    }

    private void onPacket(InetSocketAddress from, byte[] payload, Transport.Reply reply) {
        if (closed) {
            return;
        }
        Envelope envelope;
        try {
            int max = reply.isDatagram() ? WireLimits.MAX_DATAGRAM_BYTES : WireLimits.MAX_FRAME_BYTES;
            envelope = WireCodec.decode(payload, max);
        } catch (ProtocolViolationException e) {
            log.debug("dropped malformed packet from {}: {}", from, e.getMessage());
            return;
        }
        if (envelope.body().isRequest()) {
            counters.received(envelope.body());
            answer(from, envelope, reply, payload.length);
        } else {
            complete(from, envelope);
        }
    }

    private void answer(InetSocketAddress from, Envelope request, Transport.Reply reply, int requestBytes) {
        try {
            handler.handleAsync(from, request, reply.isDatagram(), response -> {
                if (response != null && !closed) {
                    reply.send(encodeReply(from, request, response, reply.isDatagram(), requestBytes));
                }
            });
        } catch (RuntimeException e) {
            log.debug("request from {} failed: {}", from, e.toString());
        }
    }

    /**
     * A reply over a stream goes whole; over UDP it must fit a datagram, and unless the request
     * carried a valid cookie it must not be larger than the request (no amplification towards a
     * spoofed source): else a TRUNCATED reply, and the requester asks again over TCP.
     */
    private byte[] encodeReply(
            InetSocketAddress from, Envelope request, Message response, boolean datagram, int requestBytes) {
        byte[] bytes = WireCodec.encode(new Envelope(request.requestId(), self, response, new byte[0], client));
        if (!datagram || bytes.length <= requestBytes) {
            return bytes;
        }
        boolean returnable = request.cookie().length > 0 && cookies.isValid(from, request.cookie());
        if (bytes.length > WireLimits.MAX_DATAGRAM_BYTES || !returnable) {
            return WireCodec.encode(new Envelope(request.requestId(), self, new Truncated(), new byte[0], client));
        }
        return bytes;
    }

    private void complete(InetSocketAddress from, Envelope response) {
        Pending p = pending.get(response.requestId());
        if (p == null || !p.to().equals(from)) {
            log.debug(
                    "dropped unsolicited reply {} from {}",
                    response.body().getClass().getSimpleName(),
                    from);
            return;
        }
        if (!pending.remove(response.requestId(), p)) {
            return;
        }
        p.timer().cancel();
        if (response.body() instanceof Message.Nodes nodes) {
            jar.put(from, nodes.token());
        } else if (response.body() instanceof Message.Values values) {
            jar.put(from, values.token());
        }
        if (response.body() instanceof Truncated) {
            if (!p.viaStream()) {
                jar.forget(from); // a reply too large for a datagram, or our cookie expired: pad next time
            }
            if (p.viaStream()) {
                p.future().completeExceptionally(new ProtocolViolationException("truncated reply over a stream"));
                return;
            }
            byte[] bytes = WireCodec.encode(new Envelope(response.requestId(), self, p.request(), new byte[0], client));
            send(response.requestId(), p.to(), p.request(), bytes, true, streamTimeout, p.future());
            return;
        }
        if (!p.viaStream()) {
            rtt.sample(scheduler.nanoTime() - p.sentAtNanos());
        }
        p.future().complete(response);
    }

    /** Fails every pending call and closes the transport. */
    public void close() {
        closed = true;
        for (Long id : pending.keySet()) {
            Pending p = pending.remove(id);
            if (p != null) {
                p.timer().cancel();
                p.future().completeExceptionally(new NodeClosedException("the node was closed"));
            }
        }
        transport.close();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
