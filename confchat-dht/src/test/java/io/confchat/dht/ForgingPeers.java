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
import io.confchat.dht.testing.SimCluster;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An eclipse attacker for tests: one real node (it proves its own id, so honest nodes admit it)
 * that answers every FIND_NODE and FIND_VALUE with forged referrals, and one endpoint per forged
 * contact that answers in that contact's name: every request with more forged referrals, a PING
 * with a PONG it cannot sign for the forged id. Forged ids may be invented (next to the target)
 * or copied from honest nodes (shadows at the attacker's addresses).
 */
final class ForgingPeers implements AutoCloseable {
    private final SimCluster cluster;
    private final Ed25519KeyPair key;
    private final NodeId attackerId;
    private final RpcEndpoint attacker;
    private final List<RpcEndpoint> fakes = new ArrayList<>();
    private final List<Contact> forged = new ArrayList<>();

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
        if (!honestProof) {
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
        if (body instanceof FindNode) {
            return new Nodes(referrals, new byte[16]);
        }
        if (body instanceof FindValue) {
            return new Values(List.of(), referrals, new byte[16], new byte[0]);
        }
        return null;
    }

    /** The attacker's own, provable id. */
    NodeId attackerId() {
        return attackerId;
    }

    /** The forged contacts it refers to. */
    List<Contact> forged() {
        return List.copyOf(forged);
    }

    /** Makes every honest node hear from the attacker, so each proves and admits it. */
    void introduce() {
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
