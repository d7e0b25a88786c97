package io.confchat.dht;

import io.confchat.api.Contact;
import io.confchat.api.NodeId;
import io.confchat.api.RejectionReason;
import io.confchat.dht.crypto.NodeIdentity;
import io.confchat.dht.internal.routing.Diversity;
import io.confchat.dht.internal.routing.IpDiversity;
import io.confchat.dht.internal.routing.RoutingTable;
import io.confchat.dht.internal.rpc.RequestHandler;
import io.confchat.dht.internal.storage.Acceptance;
import io.confchat.dht.internal.storage.RecordPage;
import io.confchat.dht.internal.storage.RecordStorage;
import io.confchat.dht.internal.storage.WriteTokens;
import io.confchat.dht.internal.wire.Envelope;
import io.confchat.dht.internal.wire.Message;
import io.confchat.dht.internal.wire.Message.FindNode;
import io.confchat.dht.internal.wire.Message.FindValue;
import io.confchat.dht.internal.wire.Message.Nodes;
import io.confchat.dht.internal.wire.Message.Ping;
import io.confchat.dht.internal.wire.Message.Pong;
import io.confchat.dht.internal.wire.Message.Store;
import io.confchat.dht.internal.wire.Message.StoreResult;
import io.confchat.dht.internal.wire.Message.Values;
import io.confchat.dht.internal.wire.NodeCertificate;
import io.confchat.dht.internal.wire.WireCodec;
import io.confchat.dht.internal.wire.WireLimits;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of a node: answers PING, FIND_NODE, FIND_VALUE and STORE. Every request also
 * lets {@link Bonding} consider the sender for the routing table.
 */
final class NodeServer implements RequestHandler {
    private static final Logger log = LoggerFactory.getLogger(NodeServer.class);
    /** Bytes of a VALUES envelope besides its records and contacts, generously counted. */
    private static final int VALUES_OVERHEAD = 96;

    private final NodeIdentity identity;
    private final RoutingTable routing;
    private final RecordStorage storage;
    private final WriteTokens tokens;
    private final Bonding bonding;
    private final Replication replication;
    private final OwnProofs proofs;
    private final int k;

    NodeServer(
            NodeIdentity identity,
            RoutingTable routing,
            RecordStorage storage,
            WriteTokens tokens,
            Bonding bonding,
            Replication replication,
            OwnProofs proofs,
            int k) {
        this.identity = identity;
        this.routing = routing;
        this.storage = storage;
        this.tokens = tokens;
        this.bonding = bonding;
        this.replication = replication;
        this.proofs = proofs;
        this.k = k;
    }

    @Override
    public Message handle(InetSocketAddress from, Envelope request, boolean viaDatagram) {
        NodeId sender = request.senderId();
        if (sender.equals(identity.id())) {
            return null;
        }
        if (viaDatagram) {
            // over TCP, "from" is an ephemeral port: nothing there answers a PING
            considerSender(request, from);
        }
        Message body = request.body();
        if (body instanceof Ping ping) { // synchronous callers (none in the node) sign at once
            byte[] proof = PongProof.input(ping.nonce(), identity.id(), sender, from);
            return new Pong(identity.keyPair().publicKey(), identity.keyPair().sign(proof), from);
        }
        if (body instanceof FindNode find) {
            return new Nodes(
                    closestExcept(find.target(), sender), tokens.issue(from), certificate(find.wantCertificate()));
        }
        if (body instanceof FindValue find) {
            return values(find, sender, from, viaDatagram);
        }
        if (body instanceof Store store) {
            return store(store, sender, from);
        }
        return null;
    }

    /** PINGs are signed off the event loop and rate-limited per source ({@link PongSigner}). */
    @Override
    public void handleAsync(
            InetSocketAddress from, Envelope request, boolean viaDatagram, java.util.function.Consumer<Message> reply) {
        if (request.body() instanceof Ping ping && !request.senderId().equals(identity.id())) {
            if (viaDatagram) {
                considerSender(request, from);
            }
            proofs.pongs().answer(ping, request.senderId(), from, reply);
            return;
        }
        reply.accept(handle(from, request, viaDatagram));
    }

    /** A server sender may enter the routing table; a client (dht.proto, Envelope.client) never. */
    private void considerSender(Envelope request, InetSocketAddress from) {
        if (request.client()) {
            bonding.considerClient(request.senderId(), from);
        } else {
            bonding.consider(request.senderId(), from);
        }
    }

    private Values values(FindValue find, NodeId sender, InetSocketAddress from, boolean viaDatagram) {
        List<Contact> contacts = closestExcept(find.key().asTarget(), sender);
        byte[] token = tokens.issue(from);
        int budget = viaDatagram ? WireLimits.MAX_DATAGRAM_BYTES - VALUES_OVERHEAD : WireLimits.MAX_PAGE_BYTES;
        RecordPage page = storage.page(find.key(), find.cursor(), budget, WireLimits.MAX_RECORDS_PER_PAGE);
        Values full =
                new Values(page.records(), contacts, token, page.nextCursor(), certificate(find.wantCertificate()));
        if (!viaDatagram || page.records().isEmpty()) {
            return full;
        }
        // Records first: a node holding records is already among the closest, so contacts matter
        // less. Keep as many contacts as still fit; if even the records alone do not, the
        // endpoint replies TRUNCATED and the requester asks again over TCP.
        int keep = WireCodec.contactsFitting(identity.id(), full, WireLimits.MAX_DATAGRAM_BYTES);
        return keep < 0 || keep == contacts.size() ? full : withContacts(full, contacts.subList(0, keep));
    }

    private static Values withContacts(Values v, List<Contact> contacts) {
        return new Values(v.records(), List.copyOf(contacts), v.token(), v.nextCursor(), v.certificate());
    }

    /** Our certificate for a requester that asked for one (it has not proven our id yet). */
    private Optional<NodeCertificate> certificate(boolean wanted) {
        return wanted ? proofs.certificates().current() : Optional.empty();
    }

    private StoreResult store(Store store, NodeId sender, InetSocketAddress from) {
        if (!tokens.isValid(from, store.token())) {
            log.debug("STORE from {} with an invalid token", from);
            return new StoreResult(
                    RejectionReason.INVALID_TOKEN, "write token missing, expired or for another address");
        }
        Acceptance a = storage.offer(store.record(), sourceOf(from, sender), store.expiresInSeconds());
        if ((a.isStored() || a.refusal() == RejectionReason.STALE_SEQUENCE) && isFellowReplica(sender, from, store)) {
            // a fellow replica holds and is replicating this record (refused bad records do not count)
            replication.noteStoredByPeer(store.record());
        }
        if (!a.isStored()) {
            log.debug("refused {} from {}: {} {}", store.record(), from, a.refusal(), a.detail());
            return new StoreResult(a.refusal(), a.detail());
        }
        return StoreResult.stored();
    }

    /**
     * True when the sender is a proven contact at this IP (a STORE over TCP comes from an
     * ephemeral port) and among the k closest to the record's key as this node sees them: only
     * such a replica's re-sends may spare us replicating the record.
     */
    private boolean isFellowReplica(NodeId sender, InetSocketAddress from, Store store) {
        boolean proven = routing.get(sender)
                .filter(c -> c.address().getAddress().equals(from.getAddress()))
                .isPresent();
        return proven
                && routing.closest(store.record().key().asTarget(), k).stream().anyMatch(c -> c.id().equals(sender));
    }

    /**
     * Who a quota charges (docs/dht-hardening.md): the IP for public IPv4 addresses, the /64 for
     * IPv6 (one host often holds a whole /64). On loopback and private networks, where many nodes
     * share an IP, the node id, but only once that id is proven (it is in the routing table at
     * this IP); a sender that merely claims ids is charged its IP.
     */
    private String sourceOf(InetSocketAddress from, NodeId sender) {
        if (IpDiversity.isExempt(from.getAddress())) {
            boolean proven = routing.get(sender)
                    .filter(c -> c.address().getAddress().equals(from.getAddress()))
                    .isPresent();
            if (proven) {
                return "node:" + sender.toHex();
            }
        }
        byte[] ip = from.getAddress().getAddress();
        if (ip.length == 16) {
            return "ip6:" + HexFormat.of().formatHex(ip, 0, 8) + "/64";
        }
        return "ip:" + from.getAddress().getHostAddress();
    }

    /**
     * The k contacts closest to {@code target} but the requester, IP-diverse (at most two per
     * /24 or /48, see {@link Diversity}): a table may hold up to {@link IpDiversity#PER_TABLE} of
     * one prefix, and they must not crowd the other contacts out of a reply.
     */
    private List<Contact> closestExcept(NodeId target, NodeId requester) {
        // usually the requester is not among them and k of the k + 1 closest are diverse: then
        // the answer is the table's remembered diverse list for the target (the same walk, as
        // admit() changes nothing when it refuses)
        List<Contact> diverse = routing.closestDiverse(target, k + 1);
        if (diverse.size() >= k && !holdsId(diverse, requester)) {
            return diverse.subList(0, k);
        }
        // k + 1 are enough unless the walk skips some (the requester, a crowded prefix): only then
        // look further, as far as one prefix may crowd a table
        List<Contact> out = closestExcept(routing.closest(target, k + 1), requester);
        if (out.size() < k) {
            out = closestExcept(routing.closest(target, k + 1 + IpDiversity.PER_TABLE), requester);
        }
        return out;
    }

    private static boolean holdsId(List<Contact> contacts, NodeId id) {
        for (Contact c : contacts) {
            if (c.id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    private List<Contact> closestExcept(List<Contact> closest, NodeId requester) {
        List<Contact> out = new ArrayList<>(k);
        Diversity diversity = new Diversity();
        for (Contact c : closest) {
            if (out.size() == k) {
                break;
            }
            if (!c.id().equals(requester) && diversity.admit(c)) {
                out.add(c);
            }
        }
        return out;
    }
}
