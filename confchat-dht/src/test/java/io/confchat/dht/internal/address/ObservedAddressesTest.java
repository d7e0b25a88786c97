package io.confchat.dht.internal.address;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ObservedAddressesTest {
    private static final InetSocketAddress NAT = endpoint("203.0.113.21", 4001);
    private final ObservedAddresses observed = new ObservedAddresses();

    @Test
    void confirmed_shouldBeEmptyUntilTwoNetworksReport() {
        assertThat(observed.confirmed()).isEmpty();
        observed.observe(endpoint("198.51.100.10", 4000), NAT);
        assertThat(observed.confirmed()).isEmpty();
        observed.observe(endpoint("192.0.2.10", 4000), NAT);
        assertThat(observed.confirmed()).containsExactly(NAT);
    }

    @Test
    void confirmed_shouldIgnoreManyPeersOfOneNetwork() {
        // one operator with a /24 (or one NAT'd office) cannot make us advertise what it likes
        for (int host = 1; host <= 20; host++) {
            observed.observe(endpoint("198.51.100." + host, 4000), endpoint("192.0.2.66", 6666));
        }
        assertThat(observed.confirmed()).isEmpty();
    }

    @Test
    void confirmed_shouldIgnoreOnePeerRepeatingItself() {
        for (int i = 0; i < 5; i++) {
            observed.observe(endpoint("198.51.100.10", 4000), NAT);
        }
        assertThat(observed.confirmed()).isEmpty();
    }

    @Test
    void confirmed_shouldCountIpv6NetworksBy48() {
        InetSocketAddress me = endpoint("2001:db8:1::5", 4001);
        observed.observe(endpoint("2001:db8:aaaa:1::1", 4000), me);
        observed.observe(endpoint("2001:db8:aaaa:2::1", 4000), me);
        assertThat(observed.confirmed()).as("same /48").isEmpty();
        observed.observe(endpoint("2001:db8:bbbb::1", 4000), me);
        assertThat(observed.confirmed()).containsExactly(me);
    }

    @Test
    void confirmed_shouldIgnoreWildcardLoopbackLinkLocalAndMulticastObservations() {
        for (String useless : new String[] {"0.0.0.0", "127.0.0.1", "169.254.1.1", "fe80::1", "224.0.0.1", "::"}) {
            observed.observe(endpoint("198.51.100.10", 4000), endpoint(useless, 4001));
            observed.observe(endpoint("192.0.2.10", 4000), endpoint(useless, 4001));
        }
        assertThat(observed.confirmed()).isEmpty();
    }

    @Test
    void confirmed_shouldFollowANewAddressOnceTwoNetworksReportIt() {
        observed.observe(endpoint("198.51.100.10", 4000), NAT);
        observed.observe(endpoint("192.0.2.10", 4000), NAT);
        observed.observe(endpoint("203.0.113.77", 4000), NAT);
        InetSocketAddress renumbered = endpoint("203.0.113.99", 4001);

        observed.observe(endpoint("198.51.100.10", 4000), renumbered);
        assertThat(observed.confirmed()).containsExactly(NAT);
        observed.observe(endpoint("192.0.2.10", 4000), renumbered);
        assertThat(observed.confirmed())
                .as("the most recently confirmed endpoint wins")
                .containsExactly(renumbered);
    }

    @Test
    void confirmed_shouldNotConfirmPortsThatDifferPerPeer() {
        // a NAT that picks a new port per destination: each peer sees another endpoint
        observed.observe(endpoint("198.51.100.10", 4000), endpoint("203.0.113.21", 31000));
        observed.observe(endpoint("192.0.2.10", 4000), endpoint("203.0.113.21", 52000));
        assertThat(observed.confirmed()).isEmpty();
    }

    @Test
    void confirmed_shouldGiveOneEndpointPerFamily_ipv4First() {
        InetSocketAddress v6 = endpoint("2001:db8:1::5", 4001);
        observed.observe(endpoint("2001:db8:aaaa::1", 4000), v6);
        observed.observe(endpoint("2001:db8:bbbb::1", 4000), v6);
        observed.observe(endpoint("198.51.100.10", 4000), NAT);
        observed.observe(endpoint("192.0.2.10", 4000), NAT);
        assertThat(observed.confirmed()).containsExactly(NAT, v6);
    }

    @Test
    void observe_shouldRememberOnlyTheLatestNetworks() {
        observed.observe(endpoint("198.51.100.10", 4000), NAT);
        observed.observe(endpoint("192.0.2.10", 4000), NAT);
        for (int n = 0; n < ObservedAddresses.MAX_NETWORKS; n++) {
            observed.observe(endpoint("10." + n + ".0.1", 4000), endpoint("203.0.113." + n, 4001));
        }
        assertThat(observed.confirmed())
                .as("the two old votes were pushed out by %d newer networks", ObservedAddresses.MAX_NETWORKS)
                .isEmpty();
    }

    static InetSocketAddress endpoint(String ip, int port) {
        return new InetSocketAddress(ip, port); // IP literals: no lookup
    }
}
