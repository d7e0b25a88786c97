package io.confchat.dht;

import io.confchat.api.Contact;
import io.confchat.api.NodeId;
import io.confchat.api.ProtocolViolationException;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.internal.routing.AddResult;
import io.confchat.dht.internal.routing.RoutingTable;
import io.confchat.dht.internal.rpc.RpcEndpoint;
import io.confchat.dht.internal.wire.Message.Ping;
import io.confchat.dht.internal.wire.Message.Pong;
import io.confchat.dht.internal.wire.WireLimits;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits contacts to the routing table only once they proved their id (DESIGN.md 3): a PING with
 * a fresh nonce, answered by a PONG whose public key hashes to the id and whose signature covers
 * the nonce, both ids and the observed address. Also runs least-recently-seen eviction: when a
 * bucket is full, its oldest contact is pinged and replaced only if it fails. Thread-safe.
 */
final class Bonding {
    private static final Logger log = LoggerFactory.getLogger(Bonding.class);

    private final NodeId self;
    private final RoutingTable routing;
    private final RpcEndpoint rpc;
    private final SecureRandom random;
    private final Duration proveTimeout;
    private final Set<InetSocketAddress> proving = ConcurrentHashMap.newKeySet();

    Bonding(NodeId self, RoutingTable routing, RpcEndpoint rpc, SecureRandom random, Duration proveTimeout) {
        this.self = self;
        this.routing = routing;
        this.rpc = rpc;
        this.random = random;
        this.proveTimeout = proveTimeout;
    }

    /**
     * Pings {@code address} and completes with the contact whose id the PONG proves; fails with
     * {@link ProtocolViolationException} for a forged or mismatched proof, or on timeout.
     */
    CompletableFuture<Contact> prove(InetSocketAddress address) {
        byte[] nonce = new byte[WireLimits.NONCE_BYTES];
        random.nextBytes(nonce);
        return rpc.call(address, new Ping(nonce), proveTimeout).thenApply(reply -> {
            if (!(reply.body() instanceof Pong pong)) {
                throw new ProtocolViolationException(
                        "expected PONG, got " + reply.body().getClass().getSimpleName());
            }
            NodeId proven = NodeId.fromPublicKey(pong.publicKey());
            if (!proven.equals(reply.senderId())) {
                throw new ProtocolViolationException("PONG from " + address + " claims an id its key does not hash to");
            }
            byte[] signed = PongProof.input(nonce, proven, self, pong.observed());
            if (!Ed25519KeyPair.verify(pong.publicKey(), signed, pong.signature())) {
                throw new ProtocolViolationException("PONG from " + address + " has an invalid signature");
            }
            return new Contact(proven, address);
        });
    }

    /**
     * Notes that a node claiming {@code claimed} talked to us from {@code address}: refreshes a
     * known contact, or proves and admits a new one when the table has room for it.
     */
    void consider(NodeId claimed, InetSocketAddress address) {
        if (claimed.equals(self)) {
            return;
        }
        var known = routing.get(claimed);
        if (known.isPresent() && known.get().address().equals(address)) {
            routing.add(known.get());
            return;
        }
        if (!routing.wouldAdmit(claimed) || !proving.add(address)) {
            return;
        }
        prove(address).whenComplete((contact, error) -> {
            proving.remove(address);
            if (error != null) {
                log.debug("could not prove {} at {}: {}", claimed.shortHex(), address, error.getMessage());
            } else {
                admit(contact);
            }
        });
    }

    /** Adds a proven contact; on a full bucket, pings the oldest and evicts it only if it fails. */
    void admit(Contact contact) {
        AddResult result = routing.add(contact);
        if (result.outcome() != AddResult.Outcome.BUCKET_FULL) {
            return;
        }
        Contact oldest = result.evictionCandidate().orElseThrow();
        if (!proving.add(oldest.address())) {
            return;
        }
        prove(oldest.address()).whenComplete((alive, error) -> {
            proving.remove(oldest.address());
            if (error == null && alive.id().equals(oldest.id())) {
                routing.add(alive); // still there: it stays, the newcomer waits in the replacement cache
            } else {
                routing.evict(oldest.id());
            }
        });
    }
}
