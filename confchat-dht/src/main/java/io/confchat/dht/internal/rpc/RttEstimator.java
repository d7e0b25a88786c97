package io.confchat.dht.internal.rpc;

import java.time.Duration;

/**
 * Adaptive RPC timeout from measured round trips, as TCP does (RFC 6298): smoothed RTT plus four
 * deviations, kept within {@code [min, max]}. Before any sample the timeout is {@code max}.
 * Thread-safe.
 */
public final class RttEstimator {
    private final long minNanos;
    private final long maxNanos;
    private double srtt = -1;
    private double rttvar;

    public RttEstimator(Duration min, Duration max) {
        if (min.isNegative() || min.compareTo(max) > 0) {
            throw new IllegalArgumentException("need 0 <= min <= max");
        }
        this.minNanos = min.toNanos();
        this.maxNanos = max.toNanos();
    }

    /** Adds one measured round trip. */
    public synchronized void sample(long rttNanos) {
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
        if (srtt < 0) {
            return Duration.ofNanos(maxNanos);
        }
        long t = (long) (srtt + 4 * rttvar);
        return Duration.ofNanos(Math.max(minNanos, Math.min(maxNanos, t)));
    }

    /** After how long a pending reply counts as slow, so a lookup starts another query beside it. */
    public synchronized Duration slowAfter() {
        return timeout().dividedBy(2);
    }
}
