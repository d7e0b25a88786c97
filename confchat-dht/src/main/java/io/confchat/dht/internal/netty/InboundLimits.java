package io.confchat.dht.internal.netty;

import java.time.Duration;

/**
 * Limits on inbound TCP connections (docs/dht-hardening.md). A connection is half-open from its
 * accept until it names its protocol; it must do so within {@code handshakeDeadline}, however
 * many bytes it trickles. At most {@code halfOpenPerIp} half-open connections per IP (every
 * address, loopback included) and {@code halfOpenTotal} in all: a connection beyond either limit
 * pushes out the oldest half-open one of its IP (or of the IP holding the most), so new
 * connections always get a slot and a flood only churns its own.
 *
 * @param handshakeDeadline absolute time to name the protocol
 * @param halfOpenPerIp most connections of one IP that have not named their protocol
 * @param halfOpenTotal most connections that have not named their protocol
 * @param established most connections at once, named or not
 * @param establishedPerIp most connections from one public IP (loopback and private exempt)
 */
public record InboundLimits(
        Duration handshakeDeadline, int halfOpenPerIp, int halfOpenTotal, int established, int establishedPerIp) {
    /**
     * 10 s to name a protocol; 32 half-open per IP (a burst of honest connections from one host, which
     * netty accepts 16 at a time before reading any, must not push itself out), 256 in all; 1,024
     * connections, 32 per public IP.
     */
    public static final InboundLimits DEFAULT = new InboundLimits(Duration.ofSeconds(10), 32, 256, 1024, 32);

    public InboundLimits {
        if (handshakeDeadline.isNegative() || handshakeDeadline.isZero()) {
            throw new IllegalArgumentException("the handshake deadline must be positive");
        }
        if (halfOpenPerIp < 1 || halfOpenTotal < halfOpenPerIp || established < 1 || establishedPerIp < 1) {
            throw new IllegalArgumentException("inbound limits must be positive, the total at least the per-IP one");
        }
    }
}
