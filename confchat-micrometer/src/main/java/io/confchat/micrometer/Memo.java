package io.confchat.micrometer;

import io.micrometer.core.instrument.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The last value of a supplier, read again once it is older than a short time: one snapshot serves
 * every meter of one scrape instead of one snapshot per meter. Thread-safe.
 */
final class Memo<T> {
    private final Supplier<T> source;
    private final Clock clock;
    private final long maxAgeNanos;
    private T value;
    private long readAtNanos;

    Memo(Supplier<T> source, Clock clock, Duration maxAge) {
        this.source = source;
        this.clock = clock;
        this.maxAgeNanos = maxAge.toNanos();
    }

    synchronized T get() {
        long now = clock.monotonicTime();
        if (value == null || now - readAtNanos >= maxAgeNanos) {
            value = source.get();
            readAtNanos = now;
        }
        return value;
    }
}
