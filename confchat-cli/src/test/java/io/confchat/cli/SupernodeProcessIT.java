package io.confchat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.dht.KademliaNode;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the shaded jar as a real process on 127.0.0.1 and talks to it from a node in this JVM. */
class SupernodeProcessIT {
    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final Duration STOP = Duration.ofSeconds(10);
    private static final String HEX_ID = "[0-9a-f]{64}";

    @TempDir
    Path tmp;

    private final List<SupernodeProcess> processes = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (SupernodeProcess p : processes) {
            p.close();
        }
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    @Test
    void supernode_shouldLetANodeBootstrapThroughIt() throws Exception {
        SupernodeProcess supernode = start(
                "supernode",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--data-dir",
                tmp.resolve("data").toString());
        String id = supernode.awaitLine("node id:", STARTUP);
        String listening = supernode.awaitEndpoints(STARTUP);
        assertThat(id).matches(HEX_ID);
        assertThat(listening).startsWith("127.0.0.1:");
        int port = Integer.parseInt(listening.substring(listening.lastIndexOf(':') + 1));
        assertThat(port).isPositive();

        KademliaNode node =
                KademliaNode.builder().host("127.0.0.1").port(0).start().get(10, TimeUnit.SECONDS);
        closeables.add(node);
        node.bootstrap(List.of(new InetSocketAddress("127.0.0.1", port))).get(10, TimeUnit.SECONDS);

        assertThat(node.contacts()).extracting(c -> c.id().toHex()).contains(id);
        assertThat(supernode.stop(STOP)).as("exits within %s of SIGTERM", STOP).isTrue();
    }

    @Test
    void supernode_shouldKeepItsIdAcrossRestartsWithTheSameDataDir() throws Exception {
        String dataDir = tmp.resolve("data").toString();
        SupernodeProcess first = start("supernode", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir);
        String firstId = first.awaitLine("node id:", STARTUP);
        first.awaitLine("listening on", STARTUP);
        assertThat(first.stop(STOP)).isTrue();

        SupernodeProcess second = start("supernode", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir);
        String secondId = second.awaitLine("node id:", STARTUP);
        second.awaitLine("listening on", STARTUP);
        assertThat(second.stop(STOP)).isTrue();

        assertThat(firstId).matches(HEX_ID);
        assertThat(secondId).isEqualTo(firstId);
    }

    @Test
    void supernode_shouldExitWith1AndOneLineWhenNoBootstrapNodeAnswers() throws Exception {
        // a bound socket that never answers: the node's PING times out
        DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        closeables.add(silent);
        SupernodeProcess supernode = start(
                "supernode", "--host", "127.0.0.1", "--port", "0", "--bootstrap", "127.0.0.1:" + silent.getLocalPort());

        assertThat(supernode.awaitExit(STARTUP)).isEqualTo(1);
        assertThat(supernode.remainingStdout()).noneMatch(line -> line.startsWith("listening on"));
        assertThat(supernode.stderr())
                .contains("confchat supernode:", "127.0.0.1:" + silent.getLocalPort())
                .doesNotContain("\tat ", "Exception");
    }

    @Test
    void supernode_withStatusEvery_shouldPrintAStatusLineThatCountsANodeJoining() throws Exception {
        SupernodeProcess supernode = start("supernode", "--host", "127.0.0.1", "--port", "0", "--status-every", "1s");
        String listening = supernode.awaitEndpoints(STARTUP);
        int port = Integer.parseInt(listening.substring(listening.lastIndexOf(':') + 1));
        assertThat(supernode.awaitLine("status:", STARTUP)).startsWith("0 contacts, 0 records (0 B)");

        KademliaNode node =
                KademliaNode.builder().host("127.0.0.1").port(0).start().get(10, TimeUnit.SECONDS);
        closeables.add(node);
        node.bootstrap(List.of(new InetSocketAddress("127.0.0.1", port))).get(10, TimeUnit.SECONDS);

        String joined =
                supernode.awaitMatching(l -> l.startsWith("status: 1 contact,"), "a status with the node", STARTUP);
        assertThat(joined)
                .contains("requests in ")
                .contains(" out ")
                .contains("reachable ")
                .contains("relay ");
        assertThat(supernode.stop(STOP)).isTrue();
    }

    @Test
    void supernode_withStatusEveryAndJson_shouldPrintJsonLinesWithTheRequestCounts() throws Exception {
        SupernodeProcess supernode =
                start("supernode", "--host", "127.0.0.1", "--port", "0", "--status-every", "1s", "--json");
        String listening = supernode.awaitEndpoints(STARTUP);
        int port = Integer.parseInt(listening.substring(listening.lastIndexOf(':') + 1));
        KademliaNode node =
                KademliaNode.builder().host("127.0.0.1").port(0).start().get(10, TimeUnit.SECONDS);
        closeables.add(node);
        node.bootstrap(List.of(new InetSocketAddress("127.0.0.1", port))).get(10, TimeUnit.SECONDS);

        String line = supernode.awaitMatching(
                l -> l.startsWith("{") && l.contains("\"contacts\":1"), "a JSON status with the node", STARTUP);
        Map<String, Object> status = JsonReader.readObject(line);
        assertThat(status).containsEntry("event", "status").containsKeys("time", "records", "bytes", "rpc");
        @SuppressWarnings("unchecked")
        Map<String, Object> ping = (Map<String, Object>) ((Map<String, Object>) status.get("rpc")).get("ping");
        assertThat(((Number) ping.get("received")).longValue())
                .as("the joining node's PINGs")
                .isPositive();
        assertThat(supernode.stop(STOP)).isTrue();
    }

    private SupernodeProcess start(String... args) throws Exception {
        SupernodeProcess p = SupernodeProcess.start(tmp, args);
        processes.add(p);
        return p;
    }
}
