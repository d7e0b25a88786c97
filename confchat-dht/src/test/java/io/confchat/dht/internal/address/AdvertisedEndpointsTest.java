package io.confchat.dht.internal.address;

import static io.confchat.dht.internal.address.ObservedAddressesTest.endpoint;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** No sockets: the bound address and the interfaces are given, as the node would see them. */
class AdvertisedEndpointsTest {
    private static final int PORT = 4001;
    private final List<InetAddress> interfaces = new ArrayList<>();

    @Test
    void boundToEveryInterface_advertisesEachUsableInterface_publicFirst_ipv4First() {
        addInterfaces("10.1.0.2", "fd00::2", "2001:db8::2", "203.0.113.5");
        AdvertisedEndpoints endpoints = boundTo("::");
        assertThat(endpoints.current())
                .containsExactly(
                        endpoint("203.0.113.5", PORT),
                        endpoint("2001:db8::2", PORT),
                        endpoint("10.1.0.2", PORT),
                        endpoint("fd00::2", PORT));
    }

    @Test
    void boundToEveryIpv4Interface_leavesIpv6Out() {
        addInterfaces("10.1.0.2", "2001:db8::2");
        assertThat(boundTo("0.0.0.0").current()).containsExactly(endpoint("10.1.0.2", PORT));
    }

    @Test
    void neverAdvertisesWildcardLoopbackOrLinkLocal_unlessBoundToLoopback() {
        addInterfaces("127.0.0.1", "::1", "169.254.3.3", "fe80::1", "0.0.0.0", "10.1.0.2");
        assertThat(boundTo("::").current()).containsExactly(endpoint("10.1.0.2", PORT));
        assertThat(boundTo("0.0.0.0").current()).containsExactly(endpoint("10.1.0.2", PORT));
        assertThat(boundTo("127.0.0.1").current())
                .as("a node bound to loopback listens there only: tests and single machines")
                .containsExactly(endpoint("127.0.0.1", PORT));
    }

    @Test
    void boundToOneAddress_advertisesThatAddressOnly() {
        addInterfaces("10.1.0.2", "10.9.0.2");
        assertThat(boundTo("10.9.0.2").current()).containsExactly(endpoint("10.9.0.2", PORT));
    }

    @Test
    void confirmedObservation_comesBeforeInterfaces_andTheOperatorsEndpointBeforeAll() {
        addInterfaces("10.1.0.2");
        InetSocketAddress forwarded = endpoint("198.51.100.50", 5000);
        InetSocketAddress nat = endpoint("203.0.113.21", PORT);
        AdvertisedEndpoints endpoints = new AdvertisedEndpoints(
                () -> endpoint("::", PORT), Optional.of(forwarded), () -> List.copyOf(interfaces), () -> false);
        endpoints.observe(endpoint("198.51.100.10", 4000), nat);
        assertThat(endpoints.current()).containsExactly(forwarded, endpoint("10.1.0.2", PORT));
        endpoints.observe(endpoint("192.0.2.10", 4000), nat);
        assertThat(endpoints.current()).containsExactly(forwarded, nat, endpoint("10.1.0.2", PORT));
    }

    @Test
    void unreachableNode_leavesOutTheObservedEndpoint_butStillReportsItAsObserved() {
        addInterfaces("10.1.0.2");
        InetSocketAddress nat = endpoint("203.0.113.21", PORT);
        boolean[] unreachable = {false};
        AdvertisedEndpoints endpoints = new AdvertisedEndpoints(
                () -> endpoint("0.0.0.0", PORT), Optional.empty(), () -> List.copyOf(interfaces), () -> unreachable[0]);
        endpoints.observe(endpoint("198.51.100.10", 4000), nat);
        endpoints.observe(endpoint("192.0.2.10", 4000), nat);
        assertThat(endpoints.current()).containsExactly(nat, endpoint("10.1.0.2", PORT));
        unreachable[0] = true;
        assertThat(endpoints.current())
                .as("peers could not dial the NAT's address: only the LAN address is advertised")
                .containsExactly(endpoint("10.1.0.2", PORT));
        assertThat(endpoints.observed()).containsExactly(nat);
    }

    @Test
    void firstHand_leavesOutWhatPeersOnlySay_soTwoNetworksCannotMakeUsCertifyTheirAddress() {
        addInterfaces("10.1.0.2");
        InetSocketAddress forwarded = endpoint("198.51.100.50", 5000);
        InetSocketAddress claimed = endpoint("203.0.113.21", PORT);
        AdvertisedEndpoints endpoints = new AdvertisedEndpoints(
                () -> endpoint("::", PORT), Optional.of(forwarded), () -> List.copyOf(interfaces), () -> false);
        endpoints.observe(endpoint("198.51.100.10", 4000), claimed);
        endpoints.observe(endpoint("192.0.2.10", 4000), claimed);

        assertThat(endpoints.current()).contains(claimed);
        assertThat(endpoints.firstHand()).containsExactly(forwarded, endpoint("10.1.0.2", PORT));
        assertThat(boundTo("127.0.0.1").firstHand()).containsExactly(endpoint("127.0.0.1", PORT));
    }

    @Test
    void observationEqualToAnInterface_isListedOnce() {
        addInterfaces("203.0.113.5");
        AdvertisedEndpoints endpoints = boundTo("0.0.0.0");
        endpoints.observe(endpoint("198.51.100.10", 4000), endpoint("203.0.113.5", PORT));
        endpoints.observe(endpoint("192.0.2.10", 4000), endpoint("203.0.113.5", PORT));
        assertThat(endpoints.current()).containsExactly(endpoint("203.0.113.5", PORT));
    }

    @Test
    void beforeBinding_onlyTheOperatorsEndpoint() {
        InetSocketAddress forwarded = endpoint("198.51.100.50", 5000);
        assertThat(new AdvertisedEndpoints(() -> null, Optional.of(forwarded), List::of, () -> false).current())
                .containsExactly(forwarded);
        assertThat(new AdvertisedEndpoints(() -> null, Optional.empty(), List::of, () -> false).current())
                .isEmpty();
    }

    private AdvertisedEndpoints boundTo(String ip) {
        return new AdvertisedEndpoints(
                () -> endpoint(ip, PORT), Optional.empty(), () -> List.copyOf(interfaces), () -> false);
    }

    private void addInterfaces(String... ips) {
        for (String ip : ips) {
            interfaces.add(endpoint(ip, 1).getAddress());
        }
    }
}
