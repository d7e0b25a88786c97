package io.confchat.dht;

import io.confchat.api.Contact;
import io.confchat.api.NodeId;
import io.confchat.api.ProtocolViolationException;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.internal.address.AdvertisedEndpoints;
import io.confchat.dht.internal.routing.AddResult;
import io.confchat.dht.internal.routing.ProvenContacts;
import io.confchat.dht.internal.routing.RoutingTable;
import io.confchat.dht.internal.rpc.RpcEndpoint;
import io.confchat.dht.internal.wire.Message.Ping;
import io.confchat.dht.internal.wire.Message.Pong;
import io.confchat.dht.internal.wire.WireLimits;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits contacts to the routing table only once they proved their id
 * (docs/architecture.md#identity): a PING with a fresh nonce, answered by a PONG whose public key
 * hashes to the id and whose signature covers the nonce, both ids and the observed address. Also
 * runs least-recently-seen eviction: when a bucket is full, its oldest contact is pinged and
 * replaced only if it fails. Thread-safe.
 */
final class Bonding {
    private static final Logger log = LoggerFactory.getLogger(Bonding.class);

    private final NodeId self;
    private final RoutingTable routing;
    private final RpcEndpoint rpc;
    private final SecureRandom random;
    private final Duration proveTimeout;
    /** Most identity proofs in flight at once, so a flood of new senders cannot grow state. */
    static final int MAX_PROVING = 256;

    private final Set<InetSocketAddress> proving = ConcurrentHashMap.newKeySet();
    private final AdvertisedEndpoints endpoints;
    private final Consumer<Contact> onAdded;
    private final ProvenContacts proven;

    /**
     * @param endpoints where the node is bound, and where verified PONGs say peers see it
     * @param onAdded told of every contact that enters the routing table (for the hand-off of
     *     records)
     */
    Bonding(
            NodeId self,
            RoutingTable routing,
            ProvenContacts proven,
            RpcEndpoint rpc,
            SecureRandom random,
            Duration proveTimeout,
            AdvertisedEndpoints endpoints,
            Consumer<Contact> onAdded) {
        this.self = self;
        this.endpoints = endpoints;
        this.onAdded = onAdded;
        this.routing = routing;
        this.proven = proven;
        this.rpc = rpc;
        this.random = random;
        this.proveTimeout = proveTimeout;
    }

    /**
     * Pings {@code address} and completes with the contact whose id the PONG proves; fails with
     * {@link ProtocolViolationException} for a forged or mismatched proof, or on timeout.
     */
    CompletableFuture<Contact> prove(InetSocketAddress address) {
        return prove(address, proveTimeout);
    }

    /**
     * Proves that {@code claimed} answers for its id at its address, within {@code timeout};
     * fails with {@link ProtocolViolationException} if another id (or a bad proof) answers there.
     * A contact proven before is not asked again (see {@link ProvenContacts}).
     */
    CompletableFuture<Contact> proveId(Contact claimed, Duration timeout) {
        if (proven.isProven(claimed)) {
            return CompletableFuture.completedFuture(claimed);
        }
        return prove(claimed.address(), timeout).thenApply(contact -> {
            if (!contact.id().equals(claimed.id())) {
                throw new ProtocolViolationException(claimed.address() + " proved id "
                        + contact.id().shortHex() + ", not the " + claimed.id().shortHex() + " it was referred as");
            }
            return contact;
        });
    }

    /** True when {@code contact}'s id was proven at its address (and the proof has not expired). */
    boolean isProven(Contact contact) {
        return proven.isProven(contact);
    }

    /** About the {@code n} contacts proven closest to {@code target} (seeds for a lookup), closest first. */
    List<Contact> provenNear(NodeId target, int n) {
        return proven.near(target, n);
    }

    /** Forgets the proof of a contact that did not answer at its address. */
    void forgetProof(Contact contact) {
        proven.remove(contact);
    }

    /** Remembers a contact whose certificate proved its id at its address, for {@code validFor}. */
    void certified(Contact contact, Duration validFor) {
        proven.add(contact, validFor);
    }

    /** A contact that just proved its id answered a request: refresh it, or admit it if there is room. */
    void offerProven(Contact contact) {
        if (contact.id().equals(self)) {
            return;
        }
        var known = routing.get(contact.id());
        if (known.isPresent() && known.get().address().equals(contact.address())) {
            routing.add(known.get());
        } else if (known.isEmpty() && routing.wouldAdmit(contact.id())) {
            admit(contact);
        }
    }

    private CompletableFuture<Contact> prove(InetSocketAddress address, Duration timeout) {
        byte[] nonce = new byte[WireLimits.NONCE_BYTES];
        random.nextBytes(nonce);
        return rpc.call(address, new Ping(nonce), timeout).thenApply(reply -> {
            if (!(reply.body() instanceof Pong pong)) {
                throw new ProtocolViolationException(
                        "expected PONG, got " + reply.body().getClass().getSimpleName());
            }
            NodeId provenId = NodeId.fromPublicKey(pong.publicKey());
            if (!provenId.equals(reply.senderId())) {
                throw new ProtocolViolationException("PONG from " + address + " claims an id its key does not hash to");
            }
            InetSocketAddress me = endpoints.bound();
            if (me != null && !me.getAddress().isAnyLocalAddress() && !me.equals(pong.observed())) {
                // a PONG for a PING that reached the responder from elsewhere: relayed
                // (docs/architecture.md#identity)
                throw new ProtocolViolationException(
                        "PONG from " + address + " saw our PING come from " + pong.observed() + ", not from us");
            }
            byte[] signed = PongProof.input(nonce, provenId, self, pong.observed());
            if (!Ed25519KeyPair.verify(pong.publicKey(), signed, pong.signature())) {
                throw new ProtocolViolationException("PONG from " + address + " has an invalid signature");
            }
            endpoints.observe(address, pong.observed());
            if (reply.client()) {
                // a genuine node, but one nobody else can reach: never a routing contact
                throw new ClientNodeException(address);
            }
            Contact contact = new Contact(provenId, address);
            this.proven.add(contact);
            return contact;
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
        if (!routing.wouldAdmit(claimed) || !startProving(address)) {
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

    /**
     * A node that says it is a client (not reachable by others) sent us a request: it is not
     * proven or admitted. If we know a contact by its id at that address (admitted before it
     * found out it was unreachable), the contact is questioned: its PONG, an answer to a fresh
     * nonce that a spoofer cannot see, says whether it is a client, and a client is evicted.
     */
    void considerClient(NodeId claimed, InetSocketAddress address) {
        var known = routing.get(claimed);
        if (known.isPresent() && known.get().address().equals(address)) {
            question(known.get(), () -> evict(known.get()));
        }
    }

    /**
     * A known contact claims a new address: it moves only if the old address no longer proves the
     * id, so nobody can redirect an honest contact to an address of their choosing.
     */
    private void moveIfGone(Contact old, Contact moved) {
        question(old, () -> {
            evict(old);
            admit(moved);
        });
    }

    /**
     * Pings a known contact: an answer keeps it (now the most recently seen), a silence or a wrong
     * proof runs {@code ifGone}. At most one question per address runs at a time.
     */
    private void question(Contact known, Runnable ifGone) {
        if (!startProving(known.address())) {
            return;
        }
        prove(known.address()).whenComplete((alive, error) -> {
            proving.remove(known.address());
            if (error == null && alive.id().equals(known.id())) {
                routing.add(alive);
            } else {
                routing.questionUnanswered(known.id());
                ifGone.run();
            }
        });
    }

    /** Drops a contact; the replacement promoted in its place counts as newly added. */
    private void evict(Contact gone) {
        routing.evict(gone.id()).ifPresent(onAdded);
    }

    /** Claims a proving slot for {@code address}; false if one runs already or too many run. */
    private boolean startProving(InetSocketAddress address) {
        return proving.size() < MAX_PROVING && proving.add(address);
    }

    /**
     * Pings the oldest contact of every bucket that has been silent for a while: an answer makes
     * it the most recently seen, a silence counts as a failure
     * (docs/architecture.md#routing-table, like BEP 5's questionable nodes).
     */
    void checkSilentContacts() {
        for (Contact oldest : routing.silentOldest(RoutingTable.QUESTION_OLDEST_AFTER)) {
            question(oldest, () -> routing.recordFailure(oldest));
        }
        retryDormant();
    }

    /** Dormant contacts retried per maintenance round. */
    static final int DORMANT_PER_ROUND = 8;

    /**
     * Pings a few contacts evicted for silence: one that answers again (a partition healed, a
     * node came back) is admitted as new, and so receives the records it is a replica of.
     */
    private void retryDormant() {
        for (Contact c : routing.takeDormant(DORMANT_PER_ROUND)) {
            if (!startProving(c.address())) {
                continue;
            }
            prove(c.address()).whenComplete((alive, error) -> {
                proving.remove(c.address());
                if (error == null && alive.id().equals(c.id())) {
                    routing.dormantAnswered(c.id());
                    admit(alive);
                } else {
                    routing.dormantSilent(c);
                }
            });
        }
    }

    /** Adds a proven contact; on a full bucket, pings the oldest and evicts it only if it fails. */
    void admit(Contact contact) {
        var known = routing.get(contact.id());
        if (known.isPresent() && !known.get().address().equals(contact.address())) {
            moveIfGone(known.get(), contact);
            return;
        }
        AddResult result = routing.add(contact);
        if (result.outcome() == AddResult.Outcome.ADDED) {
            onAdded.accept(contact);
        }
        if (result.outcome() != AddResult.Outcome.BUCKET_FULL) {
            return;
        }
        // the oldest stays if it answers, and the newcomer waits in the replacement cache; a
        // bucket questions at most one silent contact per gap, not one per newcomer
        routing.mayQuestionOldest(contact.id()).ifPresent(oldest -> question(oldest, () -> evict(oldest)));
    }
}
