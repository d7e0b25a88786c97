package io.confchat.dht.internal.rpc;

import java.time.Duration;

/**
 * Adaptive RPC timeout from measured round trips, as TCP does (RFC 6298): smoothed RTT plus four
 * deviations, kept within {@code [min, max]}. Until {@link #MIN_SAMPLES} round trips were measured
 * the timeout is {@code max} (one fast ping says little about a peer that is busy starting up),
 * and each timeout doubles it until the next measurement (Karn's back-off), so a network that got
 * slower is not written off as dead. Thread-safe.
 */
public final class RttEstimator {
    private final long minNanos;
    private final long maxNanos;
    /** Round trips measured before the estimate is trusted. */
    public static final int MIN_SAMPLES = 8;

    private double srtt = -1;
    private double rttvar;
    private int samples;
    private int backoff;

    public RttEstimator(Duration min, Duration max) {
        if (min.isNegative() || min.compareTo(max) > 0) {
            throw new IllegalArgumentException("need 0 <= min <= max");
        }
        this.minNanos = min.toNanos();
        this.maxNanos = max.toNanos();
    }

    /** Adds one measured round trip. */
    public synchronized void sample(long rttNanos) {
        samples++;
        backoff = 0;
        if (srtt < 0) {
            srtt = rttNanos;
            rttvar = rttNanos / 2.0;
        } else {
            rttvar = 0.75 * rttvar + 0.25 * Math.abs(srtt - rttNanos);
            srtt = 0.875 * srtt + 0.125 * rttNanos;
        }
    }

    /** How long to wait for a reply before giving up on it. */
    public synchronized Duration timeout() {
        return bounded(backoff);
    }

    private Duration bounded(int shift) {
        if (samples < MIN_SAMPLES) {
            return Duration.ofNanos(maxNanos);
        }
        long t = (long) (srtt + 4 * rttvar) << Math.min(shift, 16);
        return Duration.ofNanos(Math.max(minNanos, Math.min(maxNanos, t)));
    }

    /** A reply did not come in time: wait twice as long from now on, until the next measurement. */
    public synchronized void timedOut() {
        if (backoff < 16) {
            backoff++;
        }
    }

    /**
     * After how long a pending reply counts as slow, so a lookup starts another query beside it:
     * half the timeout without the back-off. One estimator serves every peer, so the timeouts of
     * dead contacts (after churn, many at once) back off the timeout for all; a lookup must still
     * move past a dead contact after about one round trip, not after seconds.
     */
    public synchronized Duration slowAfter() {
        return bounded(0).dividedBy(2);
    }
}
