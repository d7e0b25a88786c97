package io.confchat.dht;

import io.confchat.api.Contact;
import io.confchat.api.NodeId;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.internal.rpc.RpcEndpoint;
import io.confchat.dht.internal.rpc.RttEstimator;
import io.confchat.dht.internal.wire.Message;
import io.confchat.dht.internal.wire.Message.FindNode;
import io.confchat.dht.internal.wire.Message.FindValue;
import io.confchat.dht.internal.wire.Message.Nodes;
import io.confchat.dht.internal.wire.Message.Ping;
import io.confchat.dht.internal.wire.Message.Pong;
import io.confchat.dht.internal.wire.Message.Values;
import io.confchat.dht.internal.wire.NodeCertificate;
import io.confchat.dht.testing.SimCluster;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An eclipse attacker for tests: one real node (it proves its own id, so honest nodes admit it)
 * that answers every FIND_NODE and FIND_VALUE with forged referrals, and one endpoint per forged
 * contact that answers in that contact's name: every request with more forged referrals, a PING
 * with a PONG it cannot sign for the forged id. Forged ids may be invented (next to the target)
 * or copied from honest nodes (shadows at the attacker's addresses). Asked for a certificate, the
 * attacker's own node sends its genuine one; an invented id sends one signed by the attacker's key
 * (which does not hash to the id); a shadow either replays the honest node's genuine certificate,
 * which names the honest node's address, not the shadow's, or names its own address beside the
 * honest node's key with a signature it cannot make.
 */
final class ForgingPeers implements AutoCloseable {
    private final SimCluster cluster;
    private final Ed25519KeyPair key;
    private final NodeId attackerId;
    private final RpcEndpoint attacker;
    private final List<RpcEndpoint> fakes = new ArrayList<>();
    private final List<Contact> forged = new ArrayList<>();
    private final Map<NodeId, NodeCertificate> replayable = new HashMap<>();
    private InetSocketAddress attackerAddress;

    /**
     * @param attackerIp where the attacker lives; its forged contacts each get a /24 of their own
     *     next to it
     * @param nearTarget the attacker grinds a key whose id shares 6 bits with this, so lookups
     *     of it ask the attacker early
     * @param forgedIds the ids the attacker refers to, each at an address of its own
     */
    ForgingPeers(SimCluster cluster, InetAddress attackerIp, NodeId nearTarget, List<NodeId> forgedIds) {
        this.cluster = cluster;
        SecureRandom random = new SecureRandom();
        Ed25519KeyPair k;
        do {
            k = Ed25519KeyPair.generate(random);
        } while (((NodeId.fromPublicKey(k.publicKey()).bytes()[0] ^ nearTarget.bytes()[0]) & 0xfc) != 0);
        this.key = k;
        this.attackerId = NodeId.fromPublicKey(key.publicKey());
        this.attacker = endpoint(attackerIp, attackerId, true);
        byte[] ip = attackerIp.getAddress();
        for (NodeId id : forgedIds) { // each forged contact in a /24 of its own: diversity alone cannot stop them
            ip[2]++;
            try {
                fakes.add(endpoint(InetAddress.getByAddress(ip), id, false));
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private RpcEndpoint endpoint(InetAddress ip, NodeId id, boolean honestProof) {
        RpcEndpoint e = new RpcEndpoint(
                cluster.network().rawTransportAt(ip),
                id,
                cluster.scheduler(),
                new RttEstimator(Duration.ofMillis(50), Duration.ofSeconds(1)),
                Duration.ofSeconds(2));
        InetSocketAddress address = cluster.scheduler()
                .await(
                        e.start((from, request, viaDatagram) ->
                                answer(id, honestProof, from, request.senderId(), request.body())),
                        Duration.ofSeconds(1));
        if (honestProof) {
            attackerAddress = address;
        } else {
            forged.add(new Contact(id, address));
        }
        return e;
    }

    private Message answer(NodeId me, boolean honestProof, InetSocketAddress from, NodeId requester, Message body) {
        if (body instanceof Ping ping) {
            // the attacker can only sign with its own key; for a forged id the key does not hash to it
            return new Pong(key.publicKey(), key.sign(PongProof.input(ping.nonce(), me, requester, from)), from);
        }
        List<Contact> referrals = forged.size() > 20 ? forged.subList(0, 20) : List.copyOf(forged);
        if (body instanceof FindNode find) {
            return new Nodes(referrals, new byte[16], certificateFor(me, honestProof, find.wantCertificate()));
        }
        if (body instanceof FindValue find) {
            return new Values(
                    List.of(),
                    referrals,
                    new byte[16],
                    new byte[0],
                    certificateFor(me, honestProof, find.wantCertificate()));
        }
        return null;
    }

    private Optional<NodeCertificate> certificateFor(NodeId me, boolean honestProof, boolean wanted) {
        if (!wanted) {
            return Optional.empty();
        }
        if (honestProof) {
            return Optional.of(certificate(key, attackerAddress));
        }
        int index = 0;
        while (!forged.get(index).id().equals(me)) {
            index++;
        }
        InetSocketAddress at = forged.get(index).address();
        NodeCertificate genuine = replayable.get(me);
        if (genuine == null) {
            return Optional.of(certificate(key, at)); // an invented id: the attacker's key does not hash to it
        }
        if (index % 2 == 0) {
            return Optional.of(genuine); // a replay: it names the honest node's address
        }
        // the honest node's key and the shadow's address, signed by the attacker: a bad signature
        byte[] bad =
                key.sign(NodeCertificate.signingInput(genuine.publicKey(), List.of(at), genuine.notAfterSeconds()));
        return Optional.of(new NodeCertificate(genuine.publicKey(), List.of(at), genuine.notAfterSeconds(), bad));
    }

    /** A certificate by {@code key} for {@code at}, valid for the next 50 minutes. */
    private NodeCertificate certificate(Ed25519KeyPair key, InetSocketAddress at) {
        byte[] pk = key.publicKey();
        long notAfter = cluster.scheduler().now().plus(Duration.ofMinutes(50)).getEpochSecond();
        return new NodeCertificate(
                pk, List.of(at), notAfter, key.sign(NodeCertificate.signingInput(pk, List.of(at), notAfter)));
    }

    /** The attacker's own, provable id. */
    NodeId attackerId() {
        return attackerId;
    }

    /** Where the attacker's own node answers. */
    InetSocketAddress attackerAddress() {
        return attackerAddress;
    }

    /** The forged contacts it refers to. */
    List<Contact> forged() {
        return List.copyOf(forged);
    }

    /**
     * Makes every honest node hear from the attacker, so each proves and admits it; and collects
     * the genuine certificates of the honest nodes whose ids the attacker shadows.
     */
    void introduce() {
        for (KademliaNode node : cluster.alive()) {
            if (forged.stream().anyMatch(c -> c.id().equals(node.localId()))) {
                Nodes answer = (Nodes) cluster.scheduler()
                        .await(
                                attacker.call(node.localAddress(), new FindNode(node.localId(), true)),
                                Duration.ofSeconds(5))
                        .body();
                replayable.put(node.localId(), answer.certificate().orElseThrow());
            }
        }
        for (int round = 0; round < 2; round++) {
            for (KademliaNode node : cluster.alive()) {
                attacker.call(node.localAddress(), new FindNode(attackerId)).exceptionally(e -> null);
            }
            cluster.scheduler().advance(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() {
        attacker.close();
        fakes.forEach(RpcEndpoint::close);
    }
}
