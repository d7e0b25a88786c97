package io.confchat.dht;

import io.confchat.api.PutResult;
import io.confchat.api.SignedRecord;
import io.confchat.dht.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record its publisher keeps alive: put once, then put again before it expires, every
 * {@code min(republish interval, ttl / 2)}, until {@link #cancel()}. A failed re-put is retried at
 * the next interval (storing nodes also replicate among themselves, so one miss loses nothing).
 * Obtained from {@link KademliaNode#publish}. Thread-safe.
 */
public final class Publication {
    private static final Logger log = LoggerFactory.getLogger(Publication.class);

    private final Scheduler scheduler;
    private final Duration maxInterval;
    private final Function<SignedRecord, CompletableFuture<PutResult>> put;
    private final CompletableFuture<PutResult> first;
    private final Consumer<Publication> onCancel;
    private SignedRecord record;
    private Scheduler.Cancellable next = () -> {};
    private boolean cancelled;

    Publication(
            SignedRecord record,
            Scheduler scheduler,
            Duration maxInterval,
            Function<SignedRecord, CompletableFuture<PutResult>> put,
            Consumer<Publication> onCancel) {
        this.record = record;
        this.onCancel = onCancel;
        this.scheduler = scheduler;
        this.maxInterval = maxInterval;
        this.put = put;
        this.first = put.apply(record);
        scheduleNext();
    }

    /** The outcome of the first put. */
    public CompletableFuture<PutResult> firstPut() {
        return first;
    }

    /** The record currently kept alive. */
    public synchronized SignedRecord record() {
        return record;
    }

    /**
     * Replaces the record (same key, owner and slot, higher seq) and puts it at once; later
     * re-puts send the new one.
     */
    public CompletableFuture<PutResult> update(SignedRecord newer) {
        synchronized (this) {
            if (!newer.key().equals(record.key()) || !newer.sameSlotAs(record)) {
                throw new IllegalArgumentException("an update must keep the key, owner and slot");
            }
            record = newer;
        }
        return put.apply(newer);
    }

    /** Stops re-putting; the record lives on until its ttl ends. */
    public void cancel() {
        synchronized (this) {
            cancelled = true;
            next.cancel();
        }
        onCancel.accept(this);
    }

    /** How long between re-puts of {@code r}: at most half its lifetime. */
    Duration interval(SignedRecord r) {
        Duration half = Duration.ofSeconds(Math.max(1, r.ttlSeconds() / 2));
        return half.compareTo(maxInterval) < 0 ? half : maxInterval;
    }

    private synchronized void scheduleNext() {
        if (cancelled) {
            return;
        }
        next = scheduler.schedule(interval(record), () -> {
            SignedRecord current;
            synchronized (this) {
                if (cancelled) {
                    return;
                }
                current = record;
            }
            put.apply(current).whenComplete((result, error) -> {
                if (error != null) {
                    log.debug("re-put of {} failed, retrying next interval: {}", current, error.toString());
                }
            });
            scheduleNext();
        });
    }
}
