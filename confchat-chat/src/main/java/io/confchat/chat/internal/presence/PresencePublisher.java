package io.confchat.chat.internal.presence;

import io.confchat.api.Dht;
import io.confchat.api.SignedRecord;
import io.confchat.api.chat.Presence;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.records.Payloads;
import io.confchat.chat.internal.records.RecordKeys;
import io.confchat.chat.internal.session.SessionEndpoint;
import io.confchat.dht.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one login's presence alive: a fresh ONLINE record (new seq, new issue
 * time) every interval, each living for the ttl, so a client that vanishes turns offline when
 * its last record expires; {@link #stop} publishes an explicit OFFLINE. Each ONLINE record
 * carries the node's endpoints as they are when it is built (the first {@link
 * Payloads#MAX_ENDPOINTS}); the endpoints are also checked every {@link #CHANGE_CHECK} (2 s), and a
 * change (a relay reservation gained or lost, an address learned) is published at once, so
 * dialers do not wait an interval to reach a new relay. Thread-safe.
 */
public final class PresencePublisher {
    private static final Logger log = LoggerFactory.getLogger(PresencePublisher.class);
    /** How often the endpoints are compared with those last published. */
    public static final Duration CHANGE_CHECK = Duration.ofSeconds(2);

    private final Dht dht;
    private final Scheduler scheduler;
    private final Account account;
    private final Supplier<List<SessionEndpoint>> endpoints;
    private final byte[] sessionKey;
    private final Duration ttl;
    private final Duration interval;
    private long lastSeq;
    private Scheduler.Cancellable next = () -> {};
    private Scheduler.Cancellable check = () -> {};
    private List<SessionEndpoint> published = List.of();
    private boolean stopped;
    private Presence.Status status = Presence.Status.OFFLINE;

    /**
     * @param endpoints where peers can reach this node now, best first (e.g. the node's
     *     advertised endpoints); read again for every record
     * @param ttl lifetime of each record
     * @param interval time between two records; less than the ttl, so one lost put is survived
     */
    public PresencePublisher(
            Dht dht,
            Scheduler scheduler,
            Account account,
            Supplier<List<SessionEndpoint>> endpoints,
            byte[] sessionKey,
            Duration ttl,
            Duration interval) {
        if (interval.compareTo(ttl) >= 0) {
            throw new IllegalArgumentException("presence interval must be shorter than its ttl");
        }
        this.dht = dht;
        this.scheduler = scheduler;
        this.account = account;
        this.endpoints = endpoints;
        this.sessionKey = sessionKey.clone();
        this.ttl = ttl;
        this.interval = interval;
    }

    /**
     * Publishes ONLINE now and then every interval; completes when the first record is stored.
     * Sequence numbers follow this machine's clock, but never fall below the newest presence of
     * the user found in the DHT: a device whose clock is behind the one the user left (an OFFLINE
     * with a higher seq) would otherwise be refused while that record lives and for the storing
     * nodes' replay guard after.
     */
    public CompletableFuture<Void> start() {
        CompletableFuture<Void> first = dht.get(
                        RecordKeys.presence(account.identity().publicKey()))
                .handle((records, error) -> {
                    if (records != null) {
                        synchronized (this) {
                            for (SignedRecord r : records) {
                                if (r.isOwnedBy(account.identity().publicKey())
                                        && Long.compareUnsigned(r.seq(), lastSeq) > 0) {
                                    lastSeq = r.seq();
                                }
                            }
                        }
                    }
                    return null;
                })
                .thenCompose(x -> publish(Presence.Status.ONLINE));
        scheduleNext();
        scheduleCheck();
        return first;
    }

    /**
     * What this publisher last announced: {@link Presence.Status#ONLINE} from its first record on,
     * {@link Presence.Status#OFFLINE} before it and once stopped or abandoned.
     */
    public synchronized Presence.Status status() {
        return stopped ? Presence.Status.OFFLINE : status;
    }

    /** Stops republishing and publishes OFFLINE; completes when that record is stored. */
    public CompletableFuture<Void> stop() {
        synchronized (this) {
            if (stopped) {
                return CompletableFuture.completedFuture(null);
            }
            stopped = true;
            next.cancel();
            check.cancel();
        }
        return put(Presence.Status.OFFLINE);
    }

    /** Stops republishing without a word: the records expire by themselves (a crash). */
    public synchronized void abandon() {
        stopped = true;
        next.cancel();
        check.cancel();
    }

    /** Compares the endpoints with those last published and publishes at once if they changed. */
    private synchronized void scheduleCheck() {
        if (stopped) {
            return;
        }
        check = scheduler.schedule(CHANGE_CHECK, () -> {
            boolean changed;
            synchronized (this) {
                changed = !currentEndpoints().equals(published);
            }
            if (changed) {
                publish(Presence.Status.ONLINE);
            }
            scheduleCheck();
        });
    }

    private synchronized void scheduleNext() {
        if (stopped) {
            return;
        }
        next = scheduler.schedule(interval, () -> {
            publish(Presence.Status.ONLINE);
            scheduleNext();
        });
    }

    private CompletableFuture<Void> publish(Presence.Status status) {
        synchronized (this) {
            if (stopped) {
                return CompletableFuture.completedFuture(null);
            }
        }
        return put(status);
    }

    /** The endpoints to publish now: at most as many as every reader accepts. */
    private List<SessionEndpoint> currentEndpoints() {
        List<SessionEndpoint> now = endpoints.get();
        return List.copyOf(now.size() > Payloads.MAX_ENDPOINTS ? now.subList(0, Payloads.MAX_ENDPOINTS) : now);
    }

    private CompletableFuture<Void> put(Presence.Status status) {
        SignedRecord record;
        synchronized (this) {
            Instant now = scheduler.now();
            lastSeq = Math.max(lastSeq + 1, now.toEpochMilli());
            List<SessionEndpoint> where = status == Presence.Status.OFFLINE ? List.of() : currentEndpoints();
            published = where;
            this.status = status;
            record = PresenceRecords.build(account, status, where, sessionKey, now, lastSeq, ttl);
        }
        return dht.put(record).handle((result, error) -> {
            if (error != null) {
                log.debug("presence of {} not stored: {}", account.username(), error.toString());
            }
            return null;
        });
    }
}
