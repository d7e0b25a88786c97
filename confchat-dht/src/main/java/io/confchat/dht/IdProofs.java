package io.confchat.dht;

import io.confchat.api.Contact;
import io.confchat.api.ProtocolViolationException;
import io.confchat.dht.internal.lookup.IdProof;
import io.confchat.dht.internal.storage.VerifiedSignatures;
import io.confchat.dht.internal.wire.NodeCertificate;
import io.confchat.dht.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Builds the proof a lookup runs for a contact that answered before proving its id
 * (docs/dht-hardening.md#proofs-in-replies): the certificate that came with the answer, checked on
 * the spot, or, when there is none or it proves nothing at that address, a PING. A contact proven
 * meanwhile costs nothing; one just proven is remembered and offered to the routing table. A
 * certificate whose exact bytes this node verified before is not verified again (a contact whose
 * proof was forgotten after a timeout, or pushed out of {@code ProvenContacts}, proves itself with
 * the same certificate until it signs the next one); everything else about it is checked again.
 * Thread-safe.
 */
final class IdProofs {
    /** Certificates remembered as verified (about 140 bytes each, 140 KB when full). */
    static final int VERIFIED_CERTIFICATES = 1024;

    private final Bonding bonding;
    private final VerifiedSignatures certificates = new VerifiedSignatures(VERIFIED_CERTIFICATES);
    private final Scheduler scheduler;
    private final Supplier<Duration> pingTimeout;

    IdProofs(Bonding bonding, Scheduler scheduler, Supplier<Duration> pingTimeout) {
        this.bonding = bonding;
        this.scheduler = scheduler;
        this.pingTimeout = pingTimeout;
    }

    /** The proof of {@code contact}'s id, given the certificate its answer carried (if any). */
    IdProof of(Contact contact, Optional<NodeCertificate> certificate) {
        return () -> prove(contact, certificate).thenAccept(bonding::offerProven);
    }

    private CompletableFuture<Contact> prove(Contact contact, Optional<NodeCertificate> certificate) {
        if (bonding.isProven(contact)) {
            return CompletableFuture.completedFuture(contact);
        }
        if (certificate.isPresent()) {
            NodeCertificate c = certificate.get();
            Instant now = scheduler.now();
            switch (CertificateCheck.check(c, contact, now, certificates)) {
                case PROVEN -> {
                    Duration left = Duration.ofSeconds(c.notAfterSeconds() - now.getEpochSecond());
                    bonding.certified(contact, left);
                    return CompletableFuture.completedFuture(contact);
                }
                case FORGED -> {
                    return CompletableFuture.failedFuture(
                            new ProtocolViolationException(contact + " sent a forged certificate"));
                }
                case INCONCLUSIVE -> {
                    // fall through to a PING: the certificate names other endpoints, or is not current
                }
            }
        }
        return bonding.proveId(contact, pingTimeout.get());
    }
}
