package io.confchat.dht.relay;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a relay grants (docs/architecture.md#relays), after libp2p circuit relay v2: reservations
 * in all and per IP, how long one lasts before the client must reserve again, circuits in all and
 * per peer (per reserving node, and per dialer IP), and the limits of each circuit (duration,
 * bytes in each direction; 0 for none). Per-IP caps count public addresses only: loopback and
 * private networks, where many nodes share an address, are exempt (as in the DHT's other limits).
 * Immutable, made by a {@link Builder}; thread-safe.
 */
public final class RelayLimits {
    /**
     * 128 reservations, 8 per IP, each for an hour; 512 circuits, 16 per reserving node and per
     * dialer IP; a circuit lasts at most 30 minutes and 16 MiB each way (a chat's texts take a
     * fraction; a session on a circuit that hits a limit is redialed); 5 s to take a circuit.
     */
    public static final RelayLimits DEFAULT = builder().build();

    private final Builder v;

    private RelayLimits(Builder b) {
        this.v = b.copy();
    }

    /** A builder holding the {@link #DEFAULT} limits. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these limits. */
    public Builder toBuilder() {
        return v.copy();
    }

    /** Reservations held at once. */
    public int reservations() {
        return v.reservations;
    }

    /** Reservations held at once from one public IP. */
    public int reservationsPerIp() {
        return v.reservationsPerIp;
    }

    /** How long a reservation lasts before the client must reserve again. */
    public Duration reservationTtl() {
        return v.reservationTtl;
    }

    /** Circuits open at once. */
    public int circuits() {
        return v.circuits;
    }

    /** Circuits open at once to one reserving node, and from one dialer IP. */
    public int circuitsPerPeer() {
        return v.circuitsPerPeer;
    }

    /** Longest life of a circuit; zero for none. */
    public Duration circuitDuration() {
        return v.circuitDuration;
    }

    /** Most bytes a circuit carries in each direction; 0 for no limit. */
    public long circuitBytes() {
        return v.circuitBytes;
    }

    /** How long a dialer waits for the reserving node to take its circuit. */
    public Duration acceptTimeout() {
        return v.acceptTimeout;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RelayLimits l && v.values().equals(l.v.values());
    }

    @Override
    public int hashCode() {
        return v.values().hashCode();
    }

    @Override
    public String toString() {
        return "RelayLimits" + v.values();
    }

    /** Builds {@link RelayLimits}, starting from the defaults; checked by {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private int reservations = 128;
        private int reservationsPerIp = 8;
        private Duration reservationTtl = Duration.ofHours(1);
        private int circuits = 512;
        private int circuitsPerPeer = 16;
        private Duration circuitDuration = Duration.ofMinutes(30);
        private long circuitBytes = 16L << 20;
        private Duration acceptTimeout = Duration.ofSeconds(5);

        private Builder() {}

        private Builder copy() {
            Builder b = new Builder();
            b.reservations = reservations;
            b.reservationsPerIp = reservationsPerIp;
            b.reservationTtl = reservationTtl;
            b.circuits = circuits;
            b.circuitsPerPeer = circuitsPerPeer;
            b.circuitDuration = circuitDuration;
            b.circuitBytes = circuitBytes;
            b.acceptTimeout = acceptTimeout;
            return b;
        }

        private List<Object> values() {
            return List.of(
                    reservations,
                    reservationsPerIp,
                    reservationTtl,
                    circuits,
                    circuitsPerPeer,
                    circuitDuration,
                    circuitBytes,
                    acceptTimeout);
        }

        /** 128 in all and 8 per public IP by default; each at least 1. */
        public Builder reservations(int total, int perIp) {
            this.reservations = total;
            this.reservationsPerIp = perIp;
            return this;
        }

        /** 1 h by default; positive. */
        public Builder reservationTtl(Duration ttl) {
            this.reservationTtl = Objects.requireNonNull(ttl, "ttl");
            return this;
        }

        /** 512 in all and 16 per peer by default; each at least 1. */
        public Builder circuits(int total, int perPeer) {
            this.circuits = total;
            this.circuitsPerPeer = perPeer;
            return this;
        }

        /** 30 min and 16 MiB each way by default; zero for no limit, never negative. */
        public Builder circuitLimits(Duration duration, long bytes) {
            this.circuitDuration = Objects.requireNonNull(duration, "duration");
            this.circuitBytes = bytes;
            return this;
        }

        /** 5 s by default; positive. */
        public Builder acceptTimeout(Duration timeout) {
            this.acceptTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * The limits.
         *
         * @throws IllegalArgumentException naming the limit out of its range
         */
        public RelayLimits build() {
            if (reservations < 1 || reservationsPerIp < 1 || circuits < 1 || circuitsPerPeer < 1) {
                throw new IllegalArgumentException("relay caps must be positive");
            }
            if (circuitBytes < 0
                    || circuitDuration.isNegative()
                    || reservationTtl.isNegative()
                    || reservationTtl.isZero()) {
                throw new IllegalArgumentException("relay limits must not be negative");
            }
            if (acceptTimeout.isNegative() || acceptTimeout.isZero()) {
                throw new IllegalArgumentException("the accept timeout must be positive");
            }
            return new RelayLimits(this);
        }
    }
}
