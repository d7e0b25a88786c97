package io.confchat.dht;

import io.confchat.api.Contact;
import io.confchat.api.NodeId;
import io.confchat.dht.internal.reachability.DialBackNonces;
import io.confchat.dht.internal.reachability.DialBackProtocol;
import io.confchat.dht.internal.reachability.DialBackReceiver;
import io.confchat.dht.internal.reachability.DialBackRequester;
import io.confchat.dht.internal.reachability.DialBackServer;
import io.confchat.dht.internal.reachability.ReachabilityProbe;
import io.confchat.dht.internal.rpc.RpcEndpoint;
import io.confchat.dht.time.Scheduler;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's reachability: the checks it runs (or the verdict its builder fixed), the dial-backs it
 * serves to others, and what follows from the verdict: a {@link Reachability#PRIVATE} node marks
 * everything it sends as a client's ({@code Envelope.client}), so others keep it out of their
 * routing tables. Listeners (the relay client) hear every change. Thread-safe.
 */
final class NodeReachability {
    private static final Logger log = LoggerFactory.getLogger(NodeReachability.class);

    private final DialBackNonces nonces;
    private final RpcEndpoint rpc;
    private final Optional<Reachability> fixed;
    private final ReachabilityProbe probe;
    private volatile Reachability current;
    private final List<Consumer<Reachability>> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param fixed a verdict to hold instead of checking (the builder's {@code reachability})
     * @param network how dial-backs and requests travel (streams and datagrams of the transport)
     */
    NodeReachability(
            NodeId self,
            Scheduler scheduler,
            SecureRandom random,
            RpcEndpoint rpc,
            DialBackServer.Network network,
            Supplier<List<Contact>> contacts,
            IntSupplier port,
            Optional<Reachability> fixed) {
        this.rpc = rpc;
        this.fixed = fixed;
        this.nonces = new DialBackNonces(random);
        this.probe = new ReachabilityProbe(
                scheduler, random, nonces, new DialBackRequester(network, scheduler), contacts, port, this::found);
        this.current = fixed.orElse(Reachability.UNKNOWN);
        rpc.clientMode(current == Reachability.PRIVATE);
    }

    /** Serves the dial-back protocols on the node and starts checking (unless the verdict is fixed). */
    void start(KademliaNode.StreamProtocols protocols, DialBackServer server, Scheduler scheduler, boolean probing) {
        protocols.register(DialBackProtocol.REQUEST, server);
        protocols.register(DialBackProtocol.BACK, new DialBackReceiver(nonces, scheduler));
        if (fixed.isEmpty() && probing) {
            probe.start();
        }
    }

    /** The node joined a network: check soon rather than at the planned time. */
    void joined() {
        if (fixed.isEmpty()) {
            probe.checkSoon();
        }
    }

    Reachability current() {
        return current;
    }

    DialBackNonces nonces() {
        return nonces;
    }

    /** Tells {@code listener} of every change from now on. */
    void onChange(Consumer<Reachability> listener) {
        listeners.add(listener);
    }

    void stop() {
        probe.stop();
    }

    /** The checks (or a test) found the node's reachability. */
    void found(Reachability now) {
        if (now == current) {
            return;
        }
        current = now;
        log.debug("reachability: {}", now);
        rpc.clientMode(now == Reachability.PRIVATE);
        listeners.forEach(l -> l.accept(now));
    }
}
