package io.confchat.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.crypto.NodeIdentity;
import io.confchat.dht.internal.wire.NodeCertificate;
import io.confchat.dht.time.ManualScheduler;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A node signs its certificate once per half life, and again when its endpoints change. */
class CertificateIssuerTest {
    private final ManualScheduler scheduler = new ManualScheduler();
    private final NodeIdentity identity = NodeIdentity.generate(new SecureRandom());
    private final List<InetSocketAddress> endpoints =
            new ArrayList<>(List.of(CertificateCheckTest.address(203, 0, 113, 7, 4000)));
    private final CertificateIssuer issuer = new CertificateIssuer(identity, scheduler, () -> List.copyOf(endpoints));

    @Test
    void current_shouldSignOnce_andHandOutTheSameCertificateUntilHalfItsLifeIsGone() {
        NodeCertificate first = issuer.current().orElseThrow();

        scheduler.advance(CertificateIssuer.VALIDITY.dividedBy(2).minusSeconds(1));
        assertThat(issuer.current()).containsSame(first); // not signed again

        scheduler.advance(Duration.ofSeconds(2));
        NodeCertificate second = issuer.current().orElseThrow();
        assertThat(second).isNotSameAs(first);
        assertThat(second.notAfterSeconds()).isGreaterThan(first.notAfterSeconds());
        assertThat(second.nodeId()).isEqualTo(identity.id());
        assertThat(Ed25519KeyPair.verify(second.publicKey(), second.signingInput(), second.signature()))
                .isTrue();
    }

    @Test
    void current_shouldNameTheNewEndpoints_soonAfterTheyChange() {
        NodeCertificate first = issuer.current().orElseThrow();
        InetSocketAddress moved = CertificateCheckTest.address(198, 51, 100, 9, 4000);
        endpoints.set(0, moved);

        assertThat(issuer.current()).containsSame(first); // endpoints are looked at once a minute
        scheduler.advance(CertificateIssuer.ENDPOINTS_RECHECK);
        assertThat(issuer.current().orElseThrow().endpoints()).containsExactly(moved);
    }

    @Test
    void current_shouldBeEmpty_withoutAnEndpointToCertify_andNameAtMostFour() {
        endpoints.clear();
        assertThat(issuer.current()).isEmpty();

        for (int i = 1; i <= 6; i++) {
            endpoints.add(CertificateCheckTest.address(203, 0, 113, i, 4000));
        }
        scheduler.advance(CertificateIssuer.ENDPOINTS_RECHECK);
        assertThat(issuer.current().orElseThrow().endpoints())
                .hasSize(NodeCertificate.MAX_ENDPOINTS)
                .containsExactlyElementsOf(endpoints.subList(0, NodeCertificate.MAX_ENDPOINTS));
    }
}
