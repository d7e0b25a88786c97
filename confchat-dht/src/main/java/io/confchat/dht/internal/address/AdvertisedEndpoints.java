package io.confchat.dht.internal.address;

import io.confchat.dht.internal.routing.IpDiversity;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The endpoints a node tells peers to reach it at, best first:
 *
 * <ol>
 *   <li>the endpoint the operator gave ({@code advertise}, e.g. a forwarded port), if any;
 *   <li>the endpoints peers in different networks confirmed they see us at ({@link
 *       ObservedAddresses}: behind a NAT, the router's public address);
 *   <li>the bound address if it is a specific usable one, or, bound to the wildcard, the usable
 *       addresses of every interface (public before private, IPv4 before IPv6; IPv6 ones only when
 *       the socket is dual-stack), for peers on the same network.
 * </ol>
 *
 * A wildcard, loopback or link-local address is never in the list, except that a node bound to
 * loopback (tests, a single machine) advertises its loopback address, the only one it listens on.
 * Each call computes the list afresh from the current observations and interfaces. Thread-safe.
 */
public final class AdvertisedEndpoints {
    /** Public addresses before private ones, IPv4 before IPv6; otherwise the system's order. */
    private static final Comparator<InetAddress> PREFERENCE =
            Comparator.comparing(IpDiversity::isExempt).thenComparing(a -> !(a instanceof Inet4Address));

    private final Supplier<InetSocketAddress> bound;
    private final Optional<InetSocketAddress> advertised;
    private final Supplier<List<InetAddress>> interfaces;
    private final ObservedAddresses observed = new ObservedAddresses();
    private final BooleanSupplier unreachable;

    /**
     * @param bound the address the node's sockets are bound to (null before they are)
     * @param advertised the endpoint the operator said peers should use, if any
     * @param interfaces this machine's usable interface addresses (see {@link InterfaceAddresses})
     * @param unreachable true while reachability checks found that peers cannot dial the node:
     *     the observed endpoints are then left out (a NAT's address that refuses every dial)
     */
    public AdvertisedEndpoints(
            Supplier<InetSocketAddress> bound,
            Optional<InetSocketAddress> advertised,
            Supplier<List<InetAddress>> interfaces,
            BooleanSupplier unreachable) {
        this.bound = bound;
        this.advertised = advertised;
        this.interfaces = interfaces;
        this.unreachable = unreachable;
    }

    /** The endpoints peers confirmed they see us at, reachable or not (see {@link ObservedAddresses}). */
    public List<InetSocketAddress> observed() {
        return observed.confirmed();
    }

    /** The address the node's sockets are bound to, or null before they are. */
    public InetSocketAddress bound() {
        return bound.get();
    }

    /** A verified PONG from {@code responder} says it saw us at {@code observed}. */
    public void observe(InetSocketAddress responder, InetSocketAddress observedEndpoint) {
        observed.observe(responder, observedEndpoint);
    }

    /** The endpoints to advertise now, best first, without duplicates. */
    public List<InetSocketAddress> current() {
        return endpoints(true);
    }

    /**
     * The endpoints this node knows first-hand (as {@link #current()} without the ones peers
     * reported seeing): the only ones it may certify, since peers in two networks could otherwise
     * make it certify an address of theirs.
     */
    public List<InetSocketAddress> firstHand() {
        return endpoints(false);
    }

    private List<InetSocketAddress> endpoints(boolean withObserved) {
        Set<InetSocketAddress> out = new LinkedHashSet<>();
        advertised.ifPresent(out::add);
        InetSocketAddress local = bound.get();
        if (local == null) {
            return List.copyOf(out);
        }
        InetAddress ip = local.getAddress();
        if (ip.isLoopbackAddress()) {
            out.add(local);
            return List.copyOf(out);
        }
        if (withObserved && !unreachable.getAsBoolean()) {
            out.addAll(observed.confirmed());
        }
        if (!ip.isAnyLocalAddress()) {
            if (Networks.isAdvertisable(ip)) {
                out.add(local);
            }
            return List.copyOf(out);
        }
        boolean dualStack = !(ip instanceof Inet4Address);
        List<InetAddress> usable = new ArrayList<>();
        for (InetAddress a : interfaces.get()) {
            if (Networks.isAdvertisable(a) && (dualStack || a instanceof Inet4Address)) {
                usable.add(a);
            }
        }
        usable.sort(PREFERENCE);
        for (InetAddress a : usable) {
            out.add(new InetSocketAddress(a, local.getPort()));
        }
        return List.copyOf(out);
    }
}
