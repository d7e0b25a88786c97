package io.confchat.dht;

import io.confchat.dht.crypto.NodeIdentity;
import io.confchat.dht.internal.wire.NodeCertificate;
import io.confchat.dht.time.Scheduler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * This node's {@link NodeCertificate}: signed once, handed to every requester that asks, and
 * signed again when half its life is gone or the endpoints it names changed. So proving our id
 * costs one signature per half hour instead of one per requester
 * (docs/dht-hardening.md#proofs-in-replies).
 *
 * <p>It names only endpoints the node knows first-hand: the operator's advertised endpoint and the
 * bound address, or the interface addresses when bound to every interface; never an endpoint that
 * peers merely reported seeing (behind a NAT), since peers in two networks could make us certify
 * an address of theirs. A node without such an endpoint has no certificate, and requesters prove
 * it with a PING. Thread-safe.
 */
final class CertificateIssuer {
    /** How long a certificate is valid. */
    static final Duration VALIDITY = Duration.ofHours(1);
    /** How far peers' clocks may be ahead of ours without our certificates looking too long-lived. */
    static final Duration CLOCK_SLACK = Duration.ofMinutes(10);
    /** How often the endpoints to certify are looked at again (an interface scan). */
    static final Duration ENDPOINTS_RECHECK = Duration.ofMinutes(1);

    private final NodeIdentity identity;
    private final Scheduler scheduler;
    private final Supplier<List<InetSocketAddress>> endpoints;
    private Optional<NodeCertificate> current = Optional.empty();
    private List<InetSocketAddress> certified = List.of();
    private long checkedAtNanos;
    private boolean checked;

    /** @param endpoints the endpoints this node may certify, best first (see the class comment) */
    CertificateIssuer(NodeIdentity identity, Scheduler scheduler, Supplier<List<InetSocketAddress>> endpoints) {
        this.identity = identity;
        this.scheduler = scheduler;
        this.endpoints = endpoints;
    }

    /** The current certificate, signed now if there is none or it is due; empty without an endpoint to name. */
    synchronized Optional<NodeCertificate> current() {
        long nanos = scheduler.nanoTime();
        if (!checked || nanos - checkedAtNanos >= ENDPOINTS_RECHECK.toNanos()) {
            checked = true;
            checkedAtNanos = nanos;
            List<InetSocketAddress> now = endpoints.get();
            now = now.size() > NodeCertificate.MAX_ENDPOINTS ? now.subList(0, NodeCertificate.MAX_ENDPOINTS) : now;
            if (!now.equals(certified)) {
                certified = List.copyOf(now);
                current = Optional.empty();
            }
        }
        long seconds = scheduler.now().getEpochSecond();
        boolean due = current.map(c -> c.notAfterSeconds() - seconds < VALIDITY.toSeconds() / 2)
                .orElse(true);
        if (due && !certified.isEmpty()) {
            long notAfter = seconds + VALIDITY.toSeconds();
            byte[] key = identity.keyPair().publicKey();
            byte[] signature = identity.keyPair().sign(NodeCertificate.signingInput(key, certified, notAfter));
            current = Optional.of(new NodeCertificate(key, certified, notAfter, signature));
        }
        return current;
    }
}
