package io.confchat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.Contact;
import io.confchat.api.DhtKey;
import io.confchat.api.NodeId;
import io.confchat.api.SignedRecord;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.record.RecordSigner;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A supernode with a data directory killed with SIGKILL and restarted: it serves every record it
 * held again, and the peers that pointed at it get it back in their routing tables.
 */
class SupernodeCrashIT {
    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final int PEERS = 4;
    private static final int RECORDS = 30;

    @TempDir
    Path tmp;

    private final List<SupernodeProcess> processes = new ArrayList<>();
    private final List<KademliaNode> nodes = new ArrayList<>();
    /** Every node started, closed after the test whatever happens. */
    private final List<KademliaNode> others = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        others.forEach(KademliaNode::close);
        for (SupernodeProcess p : processes) {
            p.close();
        }
    }

    @Test
    void killedSupernode_servesItsRecordsAgainAfterRestart_andPeersRecover() throws Exception {
        Path dataDir = tmp.resolve("supernode");
        SupernodeProcess first =
                start("supernode", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir.toString());
        NodeId supernodeId = NodeId.fromHex(first.awaitLine("node id:", STARTUP));
        int port = Integer.parseInt(first.awaitEndpoints(STARTUP).replaceAll(".*:", ""));
        InetSocketAddress supernode = new InetSocketAddress("127.0.0.1", port);

        for (int i = 0; i < PEERS; i++) {
            nodes.add(join(supernode));
        }
        // joins prove identities asynchronously: let every peer know all the others first
        awaitUntil(
                () -> nodes.stream().allMatch(n -> n.contacts().size() >= PEERS),
                Duration.ofSeconds(30),
                () -> "peers' contacts: "
                        + nodes.stream().map(n -> n.contacts().size()).toList());
        RecordSigner signer = new RecordSigner(Ed25519KeyPair.generate(new SecureRandom()));
        List<SignedRecord> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            SignedRecord r = signer.sign(
                    DhtKey.hash("crash/" + i),
                    "note",
                    new byte[0],
                    1,
                    3600,
                    ("record " + i).getBytes(StandardCharsets.UTF_8));
            // in a network this small the supernode is among the k closest of every key; on a
            // loaded machine an acknowledgement can miss its timeout, and a re-put of the same
            // record only refreshes it, so put again until every node has acknowledged it
            KademliaNode putter = nodes.get(i % PEERS);
            awaitUntil(() -> putter.put(r).join().stored() == PEERS + 1, Duration.ofSeconds(30));
            records.add(r);
        }

        // the node saves its routing table a few seconds after it changes
        Path contacts = dataDir.resolve("contacts");
        awaitUntil(() -> savedLines(contacts) >= PEERS, Duration.ofSeconds(20));
        assertThat(first.kill(Duration.ofSeconds(10))).isTrue();
        SupernodeProcess second = start(
                "supernode", "--host", "127.0.0.1", "--port", Integer.toString(port), "--data-dir", dataDir.toString());
        assertThat(second.awaitLine("node id:", STARTUP)).isEqualTo(supernodeId.toHex());
        second.awaitLine("listening on", STARTUP);

        // The restarted supernode rejoined through its saved contacts, the peers: a node that joins
        // through the supernode alone finds every one of them, and they still route to it.
        KademliaNode probe = join(supernode);
        awaitUntil(
                () -> nodes.stream().allMatch(n -> knows(probe, n.localId())),
                Duration.ofSeconds(30),
                () -> "the probe knows " + probe.contacts() + "; peers " + nodes + "; supernode log:\n"
                        + second.stderr());
        awaitUntil(
                () -> nodes.stream().allMatch(n -> knows(n, supernodeId)),
                Duration.ofSeconds(30),
                () -> "peers not routing to the supernode: "
                        + nodes.stream().filter(n -> !knows(n, supernodeId)).toList());

        // Only the supernode can answer a newcomer once the peers are gone: every record comes back.
        nodes.forEach(KademliaNode::close);
        nodes.clear();
        KademliaNode newcomer = join(supernode);
        for (SignedRecord r : records) {
            assertThat(newcomer.get(r.key()).get(10, TimeUnit.SECONDS))
                    .as("%s", r)
                    .containsExactly(r);
        }
    }

    private KademliaNode join(InetSocketAddress seed) throws Exception {
        KademliaNode node =
                KademliaNode.builder().host("127.0.0.1").port(0).start().get(10, TimeUnit.SECONDS);
        others.add(node);
        node.bootstrap(List.of(seed)).get(10, TimeUnit.SECONDS);
        return node;
    }

    private static long savedLines(Path file) {
        try {
            return java.nio.file.Files.exists(file)
                    ? java.nio.file.Files.readAllLines(file).size()
                    : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static boolean knows(KademliaNode node, NodeId id) {
        return node.contacts().stream().map(Contact::id).anyMatch(id::equals);
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition, Duration limit)
            throws InterruptedException {
        awaitUntil(condition, limit, () -> "");
    }

    private static void awaitUntil(
            java.util.function.BooleanSupplier condition, Duration limit, java.util.function.Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + limit + ": " + state.get());
            }
            Thread.sleep(100);
        }
    }

    private SupernodeProcess start(String... args) throws Exception {
        SupernodeProcess p = SupernodeProcess.start(tmp, args);
        processes.add(p);
        return p;
    }
}
