package io.confchat.dht.internal.address;

import io.confchat.dht.internal.address.Networks.Network;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What peers say our address is, and which of it to believe. Every verified PONG carries the
 * endpoint the responder saw our PING come from; behind a NAT that is the router's public address
 * and port, which no interface of ours knows. One network's word is not enough (a single peer, or
 * many in one /24, could lie or sit behind the same NAT): an endpoint is <em>confirmed</em> once
 * responders in at least {@link #CONFIRMATIONS} different networks (/24, /48) reported it.
 *
 * <p>Each network keeps one vote, its latest, and only the {@link #MAX_NETWORKS} most recent
 * networks are remembered, so memory stays bounded whatever peers send. When the address changes
 * (a new public IP, another NAT port), new votes confirm the new endpoint and it wins as the most
 * recently confirmed. Wildcard, loopback, link-local and multicast observations are ignored.
 * Thread-safe.
 */
public final class ObservedAddresses {
    /** Different networks that must report an endpoint before it is advertised. */
    public static final int CONFIRMATIONS = 2;
    /** Networks whose latest vote is remembered. */
    public static final int MAX_NETWORKS = 32;

    private final Map<Network, Vote> votes = new LinkedHashMap<>();
    private long sequence;

    private record Vote(InetSocketAddress endpoint, long sequence) {}

    /** A verified PONG from {@code responder} says it saw us at {@code observed}. */
    public synchronized void observe(InetSocketAddress responder, InetSocketAddress observed) {
        if (responder.getAddress() == null
                || observed.getAddress() == null
                || observed.getPort() == 0
                || !Networks.isAdvertisable(observed.getAddress())) {
            return;
        }
        Network network = Networks.of(responder.getAddress());
        votes.remove(network); // re-inserted last: the map's order is the order of the latest votes
        votes.put(network, new Vote(observed, ++sequence));
        Iterator<Network> oldest = votes.keySet().iterator();
        while (votes.size() > MAX_NETWORKS) {
            oldest.next();
            oldest.remove();
        }
    }

    /**
     * The confirmed endpoints: per address family (IPv4, IPv6), the most recently reported
     * endpoint that at least {@link #CONFIRMATIONS} networks reported; IPv4 first. Empty until
     * confirmed.
     */
    public synchronized List<InetSocketAddress> confirmed() {
        Map<InetSocketAddress, Integer> networks = new HashMap<>();
        Map<InetSocketAddress, Long> latest = new HashMap<>();
        for (Vote v : votes.values()) {
            networks.merge(v.endpoint(), 1, Integer::sum);
            latest.merge(v.endpoint(), v.sequence(), Math::max);
        }
        InetSocketAddress v4 = null;
        InetSocketAddress v6 = null;
        for (Map.Entry<InetSocketAddress, Integer> e : networks.entrySet()) {
            InetSocketAddress endpoint = e.getKey();
            if (e.getValue() < CONFIRMATIONS) {
                continue;
            }
            if (endpoint.getAddress() instanceof Inet4Address) {
                v4 = newer(v4, endpoint, latest);
            } else {
                v6 = newer(v6, endpoint, latest);
            }
        }
        List<InetSocketAddress> out = new ArrayList<>(2);
        if (v4 != null) {
            out.add(v4);
        }
        if (v6 != null) {
            out.add(v6);
        }
        return out;
    }

    private static InetSocketAddress newer(
            InetSocketAddress current, InetSocketAddress candidate, Map<InetSocketAddress, Long> latest) {
        return current == null || latest.get(candidate) > latest.get(current) ? candidate : current;
    }
}
