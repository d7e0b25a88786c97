package io.confchat.cli.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lab itself: hosts on one network reach each other, a home reaches the public network only
 * through its NAT router (whose address the public side sees, with or without the home's port),
 * nothing outside a home reaches into it, and the root namespace neither sees nor routes any of
 * it. Everything is gone after the lab closes.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class NetLabIT {
    private static final int ECHO_PORT = 7007;

    private static String rootBefore;
    private static HomesTopology net;
    private static Process echo;

    @BeforeAll
    static void build() throws Exception {
        rootBefore = Commands.find("ip").map(NetLabIT::rootNamespaceState).orElse("");
        net = HomesTopology.build();
        echo = new ProcessBuilder(net.supernode.command(LabProbe.command("echo", String.valueOf(ECHO_PORT))))
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(echo.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).as("the echo probe starts").isEqualTo("ready");
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (echo != null) {
            echo.destroyForcibly();
            echo.waitFor(10, TimeUnit.SECONDS);
        }
        if (net != null) {
            List<String> created = net.lab.namespaces();
            net.close();
            String left = Commands.run(List.of(Commands.find("ip").orElseThrow(), "netns", "list"));
            for (String namespace : created) {
                assertThat(left).as("deleted when the lab closed").doesNotContain(namespace + " ", namespace + "\n");
            }
            assertThat(rootNamespaceState(Commands.find("ip").orElseThrow())).isEqualTo(rootBefore);
        }
    }

    @Test
    void hostsOnOneNetwork_reachEachOther() {
        assertThat(probe(net.home1a, "reach", "10.1.0.3").exitCode())
                .as("home1a pings home1b")
                .isZero();
        assertThat(probe(net.supernode, "reach", HomesTopology.PUBLIC_NODE_IP).exitCode())
                .as("the supernode pings the public node in the other /24")
                .isZero();
    }

    @Test
    void homeHosts_reachThePublicNetworkThroughTheirRouter_andThePublicSideSeesTheRouter() {
        List<String> home1 = new ArrayList<>();
        List<String> home2 = new ArrayList<>();
        for (int port = 40000; port < 40003; port++) {
            home1.add(ask(net.home1a, port));
            home2.add(ask(net.home2a, port));
        }
        assertThat(home1)
                .as("the ordinary masquerade keeps each source port")
                .containsExactly(
                        HomesTopology.ROUTER1_WAN_IP + ":40000",
                        HomesTopology.ROUTER1_WAN_IP + ":40001",
                        HomesTopology.ROUTER1_WAN_IP + ":40002");
        assertThat(home2).allMatch(seen -> seen.startsWith(HomesTopology.ROUTER2_WAN_IP + ":"));
        assertThat(home2)
                .as("fully-random masquerade picks new ports (all three kept would be a 1 in 10^14 chance)")
                .isNotEqualTo(List.of(
                        HomesTopology.ROUTER2_WAN_IP + ":40000",
                        HomesTopology.ROUTER2_WAN_IP + ":40001",
                        HomesTopology.ROUTER2_WAN_IP + ":40002"));
    }

    @Test
    void nothingOutsideAHome_reachesIntoIt() {
        assertThat(probe(net.supernode, "reach", "10.1.0.2").exitCode()).isNotZero();
        assertThat(probe(net.home1a, "reach", "192.168.2.2").exitCode()).isNotZero();
        assertThat(probe(net.home2a, "reach", "10.1.0.2").exitCode()).isNotZero();
    }

    @Test
    void rootNamespace_hasNoLabAddressOrRoute_andCannotReachTheLab() throws Exception {
        assertThat(net.lab.namespaces()).isNotEmpty();
        assertThat(rootNamespaceState(Commands.find("ip").orElseThrow()))
                .as("the root namespace's links, addresses and routes are as before the lab")
                .isEqualTo(rootBefore);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(1000);
            byte[] question = {'?'};
            socket.send(new DatagramPacket(question, 1, new InetSocketAddress(HomesTopology.SUPERNODE_IP, ECHO_PORT)));
            DatagramPacket answer = new DatagramPacket(new byte[64], 64);
            boolean answered;
            try {
                socket.receive(answer);
                answered = true;
            } catch (SocketTimeoutException e) {
                answered = false;
            }
            assertThat(answered).as("the lab's echo answers the root namespace").isFalse();
        }
    }

    private static String ask(LabHost from, int localPort) {
        Commands.Result r =
                probe(from, "ask", HomesTopology.SUPERNODE_IP, String.valueOf(ECHO_PORT), String.valueOf(localPort));
        assertThat(r.exitCode())
                .as("%s asks the supernode's echo: %s", from, r.output())
                .isZero();
        return r.output().trim();
    }

    private static Commands.Result probe(LabHost on, String... args) {
        return Commands.attempt(on.command(LabProbe.command(args)), null);
    }

    private static String rootNamespaceState(String ip) {
        return Commands.run(List.of(ip, "-o", "link")).replaceAll("\\s+", " ")
                + Commands.run(List.of(ip, "-o", "addr"))
                + Commands.run(List.of(ip, "route"));
    }
}
