package io.confchat.dht;

import io.confchat.api.Contact;
import io.confchat.dht.crypto.NodeIdentity;
import io.confchat.dht.internal.reachability.DialBackLimits;
import io.confchat.dht.internal.reachability.DialBackServer;
import io.confchat.dht.internal.relay.RelayClient;
import io.confchat.dht.internal.relay.RelayDialer;
import io.confchat.dht.internal.relay.RelayProtocol;
import io.confchat.dht.internal.relay.RelayServer;
import io.confchat.dht.internal.rpc.RequestHandler;
import io.confchat.dht.internal.rpc.RpcEndpoint;
import io.confchat.dht.internal.stream.HolePunch;
import io.confchat.dht.relay.RelayLimits;
import io.confchat.dht.relay.RelayedEndpoint;
import io.confchat.dht.time.Scheduler;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * How a node is reached and reaches others beyond plain addresses: its {@link Reachability}
 * (checks, and dial-backs served to others), relays (the service for others, when enabled, and
 * the reservations of a node others cannot dial), circuits through relays, and hole punches.
 * Listeners hear of every change of what the node can tell peers (reachability, relayed
 * endpoints). Thread-safe.
 */
final class Connectivity {
    private final NodeIdentity identity;
    private final Scheduler scheduler;
    private final SecureRandom random;
    private final KademliaNode.StreamProtocols protocols;
    private final NodeReachability reachability;
    private final RelayClient relays;
    private final RelayDialer dialer;
    private final Optional<RelayServer> relayService;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param contacts the routing table: servers to ask for dial-backs and to reserve relays at
     * @param port the node's port
     * @param fixed a reachability to hold instead of checking
     * @param relayService serve as a relay with these limits (while not found unreachable)
     */
    Connectivity(
            NodeIdentity identity,
            Scheduler scheduler,
            SecureRandom random,
            RpcEndpoint rpc,
            KademliaNode.StreamProtocols protocols,
            Supplier<List<Contact>> contacts,
            IntSupplier port,
            Optional<Reachability> fixed,
            Optional<RelayLimits> relayService) {
        this.identity = identity;
        this.scheduler = scheduler;
        this.random = random;
        this.protocols = protocols;
        this.reachability =
                new NodeReachability(identity.id(), scheduler, random, rpc, dialBackNetwork(), contacts, port, fixed);
        this.relays =
                new RelayClient(identity, protocols::open, scheduler, contacts, protocols::handler, this::changed);
        this.dialer = new RelayDialer(protocols::open, scheduler);
        this.relayService = relayService.map(limits -> new RelayServer(
                identity.id(), limits, scheduler, random, () -> reachability.current() != Reachability.PRIVATE));
        reachability.onChange(now -> {
            if (now == Reachability.PRIVATE) {
                relays.start();
            } else {
                relays.stop();
            }
            changed();
        });
    }

    /** Serves the dial-back and relay protocols and starts the checks (before the node binds). */
    void start() {
        reachability.start(
                protocols,
                new DialBackServer(identity.id(), new DialBackLimits(scheduler), dialBackNetwork(), scheduler, random),
                scheduler,
                protocols.carriesStreams());
        relayService.ifPresent(server -> protocols.register(RelayProtocol.ID, server));
    }

    /** The node joined a network: check reachability now, and reserve relays if it is private. */
    void joined() {
        reachability.joined();
        if (reachability.current() == Reachability.PRIVATE) {
            relays.start();
        }
    }

    /** The node's request handler with the UDP dial-backs of its checks taken out. */
    RequestHandler filter(RequestHandler server) {
        return new DialBackFilter(server, reachability.nonces());
    }

    Reachability reachability() {
        return reachability.current();
    }

    NodeReachability reachabilityState() {
        return reachability;
    }

    List<RelayedEndpoint> relayedEndpoints() {
        return relays.endpoints();
    }

    CompletableFuture<Channel> openRelayed(RelayedEndpoint to, String protocolId) {
        return dialer.open(to, protocolId);
    }

    CompletableFuture<HolePunch> prepareHolePunch() {
        return protocols.prepareHolePunch();
    }

    Optional<RelayServer> relayService() {
        return relayService;
    }

    void onChange(Runnable listener) {
        listeners.add(listener);
    }

    void close() {
        reachability.stop();
        relays.stop();
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }

    private DialBackServer.Network dialBackNetwork() {
        return new DialBackServer.Network() {
            @Override
            public CompletableFuture<Channel> openStream(InetSocketAddress to, String protocolId) {
                return protocols.open(to, protocolId);
            }

            @Override
            public void sendDatagramFromOtherPort(InetSocketAddress to, byte[] payload) {
                protocols.sendDatagramFromOtherPort(to, payload);
            }
        };
    }
}
