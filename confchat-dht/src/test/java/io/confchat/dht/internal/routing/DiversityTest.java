package io.confchat.dht.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.Contact;
import io.confchat.api.NodeId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** One contact per address, two per public /24 or /48; private and loopback ranges by address only. */
class DiversityTest {
    private final Random random = new Random(3);

    @Test
    void admit_shouldTakeTwoOfOnePublicSlash24_andOnePerAddress() {
        Diversity d = new Diversity();

        assertThat(d.admit(contact("203.0.113.1", 4000))).isTrue();
        assertThat(d.admit(contact("203.0.113.1", 4000))).as("same address").isFalse();
        assertThat(d.admit(contact("203.0.113.1", 4001)))
                .as("another port, same /24")
                .isTrue();
        assertThat(d.admit(contact("203.0.113.200", 4000)))
                .as("third of the /24")
                .isFalse();
        assertThat(d.admit(contact("203.0.114.1", 4000))).as("the next /24").isTrue();
    }

    @Test
    void admit_shouldCountPrivateAndLoopbackAddressesOneByOne() {
        Diversity d = new Diversity();
        for (int port = 1; port <= 100; port++) {
            assertThat(d.admit(contact("127.0.0.1", port))).isTrue();
            assertThat(d.admit(contact("10.0.0." + port, 4000))).isTrue();
        }
        assertThat(d.admit(contact("127.0.0.1", 50))).isFalse();
        assertThat(d.admit(contact("10.0.0.50", 4000))).isFalse();
    }

    @Test
    void admit_shouldTakeTwoOfOneSlash48_andOnePerIpv6Address() {
        Diversity d = new Diversity();

        assertThat(d.admit(contact("2001:db8:1:1::1", 4000))).isTrue();
        assertThat(d.admit(contact("2001:db8:1:1::1", 4000))).isFalse();
        assertThat(d.admit(contact("2001:db8:1:2::1", 4000))).isTrue();
        assertThat(d.admit(contact("2001:db8:1:ffff::9", 4000))).isFalse();
        assertThat(d.admit(contact("2001:db8:2::1", 4000))).isTrue();
        assertThat(d.admit(contact("fd00::1", 1))).isTrue();
        assertThat(d.admit(contact("fd00::1", 2))).isTrue();
    }

    @Test
    void admit_shouldKeepCountingPastManyPrefixes() {
        Diversity d = new Diversity();
        for (int i = 0; i < 200; i++) {
            assertThat(d.admit(contact("198." + (i / 100) + "." + (i % 100) + ".1", 4000)))
                    .isTrue();
            assertThat(d.admit(contact("198." + (i / 100) + "." + (i % 100) + ".2", 4000)))
                    .isTrue();
        }
        for (int i = 0; i < 200; i++) {
            assertThat(d.admit(contact("198." + (i / 100) + "." + (i % 100) + ".3", 4000)))
                    .isFalse();
        }
    }

    private Contact contact(String ip, int port) {
        byte[] id = new byte[32];
        random.nextBytes(id);
        try {
            return new Contact(NodeId.of(id), new InetSocketAddress(InetAddress.getByName(ip), port));
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
