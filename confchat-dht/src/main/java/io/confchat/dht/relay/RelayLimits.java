package io.confchat.dht.relay;

import java.time.Duration;

/**
 * What a relay grants (docs/architecture.md#relays), after libp2p circuit relay v2: reservations
 * in all and per IP, how long one lasts before the client must reserve again, circuits in all and
 * per peer (per reserving node, and per dialer IP), and the limits of each circuit (duration,
 * bytes in each direction; 0 for none). Per-IP caps count public addresses only: loopback and
 * private networks, where many nodes share an address, are exempt (as in the DHT's other limits).
 *
 * @param acceptTimeout how long a dialer waits for the reserving node to take its circuit
 */
public record RelayLimits(
        int reservations,
        int reservationsPerIp,
        Duration reservationTtl,
        int circuits,
        int circuitsPerPeer,
        Duration circuitDuration,
        long circuitBytes,
        Duration acceptTimeout) {
    /**
     * 128 reservations, 8 per IP, each for an hour; 512 circuits, 16 per reserving node and per
     * dialer IP; a circuit lasts at most 30 minutes and 16 MiB each way (a chat's texts take a
     * fraction; a session on a circuit that hits a limit is redialed); 5 s to take a circuit.
     */
    public static final RelayLimits DEFAULT = new RelayLimits(
            128, 8, Duration.ofHours(1), 512, 16, Duration.ofMinutes(30), 16L << 20, Duration.ofSeconds(5));

    public RelayLimits {
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
    }

    /** These limits with another duration and byte limit per circuit (tests). */
    public RelayLimits withCircuitLimits(Duration duration, long bytes) {
        return new RelayLimits(
                reservations,
                reservationsPerIp,
                reservationTtl,
                circuits,
                circuitsPerPeer,
                duration,
                bytes,
                acceptTimeout);
    }

    /** These limits with other caps on circuits (tests, benchmarks). */
    public RelayLimits withCircuits(int total, int perPeer) {
        return new RelayLimits(
                reservations,
                reservationsPerIp,
                reservationTtl,
                total,
                perPeer,
                circuitDuration,
                circuitBytes,
                acceptTimeout);
    }
}
