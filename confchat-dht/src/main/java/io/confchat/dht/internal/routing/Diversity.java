package io.confchat.dht.internal.routing;

import io.confchat.api.Contact;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps a lookup's candidates and result, and the contacts of a reply, IP-diverse: at most {@link #PER_PREFIX} contacts per /24
 * (IPv4) or /48 (IPv6) network, and one per address (one address cannot host two honest ids).
 * Loopback and private ranges count by address only (see {@link IpDiversity#isExempt}), so local
 * networks and tests work. One instance per walk over candidates, closest first; not
 * thread-safe.
 */
public final class Diversity {
    /** Contacts of one network prefix a lookup asks and counts, like a routing-table bucket. */
    public static final int PER_PREFIX = IpDiversity.PER_BUCKET;

    private final Map<String, Integer> perPrefix = new HashMap<>();
    private final Set<InetSocketAddress> addresses = new HashSet<>();

    /** Counts {@code c}; false if its address or prefix already has its share. */
    public boolean admit(Contact c) {
        if (addresses.contains(c.address())) {
            return false;
        }
        Optional<String> prefix = IpDiversity.prefix(c.address().getAddress());
        if (prefix.isPresent()) {
            int n = perPrefix.getOrDefault(prefix.get(), 0);
            if (n >= PER_PREFIX) {
                return false;
            }
            perPrefix.put(prefix.get(), n + 1);
        }
        addresses.add(c.address());
        return true;
    }
}
