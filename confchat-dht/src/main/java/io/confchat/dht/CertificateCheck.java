package io.confchat.dht;

import io.confchat.api.Contact;
import io.confchat.dht.internal.storage.VerifiedSignatures;
import io.confchat.dht.internal.wire.NodeCertificate;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether a {@link NodeCertificate} proves a contact's id at the address it was reached at
 * (docs/dht-hardening.md#proofs-in-replies). Cheap checks run first, every time; the signature
 * (about 115 us) last, unless these exact certificate bytes were verified before ({@link
 * VerifiedSignatures}: a remembered signature vouches for no other key, endpoint or expiry, and the
 * id, the address and the expiry are checked whatever it remembers). Stateless and thread-safe.
 */
final class CertificateCheck {
    /** Longest lifetime a certificate may claim from now, so a replay window stays short. */
    static final Duration MAX_AHEAD = CertificateIssuer.VALIDITY.plus(CertificateIssuer.CLOCK_SLACK);

    /** What a certificate says about a contact. */
    enum Outcome {
        /** The key hashes to the id, the address is one it names, it is current, the signature holds. */
        PROVEN,
        /**
         * Valid for all the requester can tell, but not for the address the contact was reached at,
         * or not current (expired, or claiming a life too long): it proves nothing here, and a
         * PING must (an honest node behind a NAT, or with a skewed clock, sends such certificates).
         */
        INCONCLUSIVE,
        /** The key does not hash to the id, or the signature fails: no honest node sends this. */
        FORGED
    }

    private CertificateCheck() {}

    /** Checks {@code certificate} for {@code contact} (its claimed id and the address we reached), at {@code now}. */
    static Outcome check(NodeCertificate certificate, Contact contact, Instant now) {
        return check(certificate, contact, now, new VerifiedSignatures(0));
    }

    /** The same, the signature checked through {@code signatures} (which may remember it verified). */
    static Outcome check(NodeCertificate certificate, Contact contact, Instant now, VerifiedSignatures signatures) {
        if (!certificate.nodeId().equals(contact.id())) {
            return Outcome.FORGED;
        }
        long seconds = now.getEpochSecond();
        boolean current = certificate.notAfterSeconds() > seconds
                && certificate.notAfterSeconds() <= seconds + MAX_AHEAD.toSeconds();
        if (!current || !certificate.endpoints().contains(contact.address())) {
            return Outcome.INCONCLUSIVE;
        }
        return signatures.verify(certificate.publicKey(), certificate.signingInput(), certificate.signature())
                ? Outcome.PROVEN
                : Outcome.FORGED;
    }
}
