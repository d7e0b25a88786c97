package io.confchat.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.Contact;
import io.confchat.api.NodeId;
import io.confchat.dht.CertificateCheck.Outcome;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.internal.storage.VerifiedSignatures;
import io.confchat.dht.internal.wire.NodeCertificate;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a node certificate proves, and to whom (docs/dht-hardening.md#proofs-in-replies). */
class CertificateCheckTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private final Ed25519KeyPair key = Ed25519KeyPair.generate(new SecureRandom());
    private final NodeId id = NodeId.fromPublicKey(key.publicKey());
    private final InetSocketAddress here = address(203, 0, 113, 7, 4000);
    private final InetSocketAddress lan = address(192, 168, 1, 7, 4000);

    @Test
    void check_shouldProve_aCurrentCertificateAtANamedEndpoint() {
        NodeCertificate c = certificate(key, List.of(lan, here), NOW.plus(Duration.ofMinutes(50)));

        assertThat(CertificateCheck.check(c, new Contact(id, here), NOW)).isEqualTo(Outcome.PROVEN);
        assertThat(CertificateCheck.check(c, new Contact(id, lan), NOW)).isEqualTo(Outcome.PROVEN);
    }

    @Test
    void check_shouldProveNothing_atAnAddressTheCertificateDoesNotName() {
        NodeCertificate c = certificate(key, List.of(here), NOW.plus(Duration.ofMinutes(50)));

        // a replay from another host, and another port of the same host
        assertThat(CertificateCheck.check(c, new Contact(id, address(198, 51, 100, 1, 4000)), NOW))
                .isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(CertificateCheck.check(c, new Contact(id, address(203, 0, 113, 7, 4001)), NOW))
                .isEqualTo(Outcome.INCONCLUSIVE);
    }

    @Test
    void check_shouldProveNothing_whenExpiredOrClaimingTooLongALife() {
        NodeCertificate expired = certificate(key, List.of(here), NOW.minusSeconds(1));
        NodeCertificate tooLong = certificate(
                key, List.of(here), NOW.plus(CertificateCheck.MAX_AHEAD).plusSeconds(1));
        NodeCertificate longest = certificate(key, List.of(here), NOW.plus(CertificateCheck.MAX_AHEAD));

        assertThat(CertificateCheck.check(expired, new Contact(id, here), NOW)).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(CertificateCheck.check(tooLong, new Contact(id, here), NOW)).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(CertificateCheck.check(longest, new Contact(id, here), NOW)).isEqualTo(Outcome.PROVEN);
    }

    @Test
    void check_shouldFindAForgery_whenTheKeyDoesNotHashToTheClaimedId() {
        NodeCertificate mine = certificate(key, List.of(here), NOW.plus(Duration.ofMinutes(50)));
        NodeId someoneElse =
                NodeId.fromPublicKey(Ed25519KeyPair.generate(new SecureRandom()).publicKey());

        assertThat(CertificateCheck.check(mine, new Contact(someoneElse, here), NOW))
                .isEqualTo(Outcome.FORGED);
    }

    @Test
    void check_shouldFindAForgery_whenAnySignedFieldChanged() {
        NodeCertificate good = certificate(key, List.of(here), NOW.plus(Duration.ofMinutes(50)));
        byte[] badSignature = good.signature().clone();
        badSignature[5] ^= 1;
        List<NodeCertificate> tampered = List.of(
                new NodeCertificate(good.publicKey(), good.endpoints(), good.notAfterSeconds(), badSignature),
                new NodeCertificate(good.publicKey(), good.endpoints(), good.notAfterSeconds() - 60, good.signature()),
                new NodeCertificate(good.publicKey(), List.of(here, lan), good.notAfterSeconds(), good.signature()));

        for (NodeCertificate c : tampered) {
            assertThat(CertificateCheck.check(c, new Contact(id, here), NOW)).isEqualTo(Outcome.FORGED);
        }
    }

    @Test
    void check_shouldNotVerifyAgain_theExactCertificateVerifiedBefore() {
        VerifiedSignatures remembered = new VerifiedSignatures(16);
        NodeCertificate c = provenOnce(remembered);

        long before = Ed25519KeyPair.signaturesVerified();
        assertThat(CertificateCheck.check(c, new Contact(id, here), NOW, remembered))
                .isEqualTo(Outcome.PROVEN);
        assertThat(Ed25519KeyPair.signaturesVerified() - before).isZero();
    }

    @Test
    void check_shouldVouchForNothingElse_withACertificateRememberedAsVerified() {
        VerifiedSignatures remembered = new VerifiedSignatures(16);
        NodeCertificate good = provenOnce(remembered);

        // the same signature over other fields: each must be verified, and fails
        Ed25519KeyPair other = Ed25519KeyPair.generate(new SecureRandom());
        NodeId otherId = NodeId.fromPublicKey(other.publicKey());
        List<NodeCertificate> tampered = List.of(
                new NodeCertificate(good.publicKey(), good.endpoints(), good.notAfterSeconds() - 60, good.signature()),
                new NodeCertificate(good.publicKey(), List.of(here, lan), good.notAfterSeconds(), good.signature()),
                new NodeCertificate(good.publicKey(), List.of(lan), good.notAfterSeconds(), good.signature()));
        for (NodeCertificate c : tampered) {
            Contact at = new Contact(id, c.endpoints().get(0));
            assertThat(CertificateCheck.check(c, at, NOW, remembered)).isEqualTo(Outcome.FORGED);
        }
        // another key presenting the remembered signature and fields
        NodeCertificate otherKey =
                new NodeCertificate(other.publicKey(), good.endpoints(), good.notAfterSeconds(), good.signature());
        assertThat(CertificateCheck.check(otherKey, new Contact(otherId, here), NOW, remembered))
                .isEqualTo(Outcome.FORGED);
        // the remembered certificate itself, for another address, another id, or once expired
        assertThat(CertificateCheck.check(good, new Contact(id, address(198, 51, 100, 1, 4000)), NOW, remembered))
                .isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(CertificateCheck.check(good, new Contact(otherId, here), NOW, remembered))
                .isEqualTo(Outcome.FORGED);
        assertThat(CertificateCheck.check(good, new Contact(id, here), NOW.plus(Duration.ofHours(1)), remembered))
                .isEqualTo(Outcome.INCONCLUSIVE);
    }

    @Test
    void check_shouldNotRemember_aForgedCertificate() {
        VerifiedSignatures remembered = new VerifiedSignatures(16);
        NodeCertificate good = certificate(key, List.of(here), NOW.plus(Duration.ofMinutes(50)));
        byte[] badSignature = good.signature().clone();
        badSignature[9] ^= 1;
        NodeCertificate forged =
                new NodeCertificate(good.publicKey(), good.endpoints(), good.notAfterSeconds(), badSignature);

        for (int i = 0; i < 2; i++) {
            assertThat(CertificateCheck.check(forged, new Contact(id, here), NOW, remembered))
                    .isEqualTo(Outcome.FORGED);
        }
    }

    /** A current certificate for {@code here}, checked once through {@code remembered} (and proven). */
    private NodeCertificate provenOnce(VerifiedSignatures remembered) {
        NodeCertificate c = certificate(key, List.of(here), NOW.plus(Duration.ofMinutes(50)));
        assertThat(CertificateCheck.check(c, new Contact(id, here), NOW, remembered))
                .isEqualTo(Outcome.PROVEN);
        return c;
    }

    static NodeCertificate certificate(Ed25519KeyPair key, List<InetSocketAddress> endpoints, Instant notAfter) {
        byte[] pk = key.publicKey();
        long seconds = notAfter.getEpochSecond();
        return new NodeCertificate(
                pk, endpoints, seconds, key.sign(NodeCertificate.signingInput(pk, endpoints, seconds)));
    }

    static InetSocketAddress address(int a, int b, int c, int d, int port) {
        try {
            return new InetSocketAddress(
                    InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d}), port);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
