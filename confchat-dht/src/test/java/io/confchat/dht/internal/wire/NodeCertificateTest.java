package io.confchat.dht.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confchat.api.ProtocolViolationException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The signed form of a node certificate, pinned byte for byte (dht.proto, NodeCertificate). */
class NodeCertificateTest {
    private static final byte[] KEY = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            KEY[i] = (byte) i;
        }
    }

    @Test
    void signingInput_shouldBeTheTagKeyEndpointsAndExpiry_asDocumented() throws Exception {
        List<InetSocketAddress> endpoints = List.of(
                new InetSocketAddress(InetAddress.getByName("203.0.113.7"), 4000),
                new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 4001));

        byte[] input = NodeCertificate.signingInput(KEY, endpoints, 1_800_000_000L);

        // "confchat/node-cert/v1" | key | 2 | 4 203.0.113.7 4000 | 16 2001:db8::1 4001 | 1,800,000,000
        assertThat(HexFormat.of().formatHex(input))
                .isEqualTo("636f6e66636861742f6e6f64652d636572742f7631"
                        + "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
                        + "02"
                        + "04cb0071070fa0"
                        + "1020010db80000000000000000000000010fa1"
                        + "000000006b49d200");
    }

    @Test
    void constructor_shouldRefuseFieldsOutOfTheirLimits() throws Exception {
        InetSocketAddress e = new InetSocketAddress(InetAddress.getByName("203.0.113.7"), 4000);
        byte[] sig = new byte[64];

        assertThatThrownBy(() -> new NodeCertificate(new byte[31], List.of(e), 1, sig))
                .isInstanceOf(ProtocolViolationException.class);
        assertThatThrownBy(() -> new NodeCertificate(KEY, List.of(e), 1, new byte[63]))
                .isInstanceOf(ProtocolViolationException.class);
        assertThatThrownBy(() -> new NodeCertificate(KEY, List.of(), 1, sig))
                .isInstanceOf(ProtocolViolationException.class);
        assertThatThrownBy(() -> new NodeCertificate(KEY, Collections.nCopies(5, e), 1, sig))
                .isInstanceOf(ProtocolViolationException.class);
        assertThatThrownBy(() -> new NodeCertificate(KEY, List.of(e), -1, sig))
                .isInstanceOf(ProtocolViolationException.class);
    }
}
