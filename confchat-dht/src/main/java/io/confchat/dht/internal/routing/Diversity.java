package io.confchat.dht.internal.routing;

import io.confchat.api.Contact;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps a lookup's candidates and result, and the contacts of a reply, IP-diverse: at most {@link #PER_PREFIX} contacts per /24
 * (IPv4) or /48 (IPv6), and one per address (one address cannot host two honest ids).
 * Loopback and private ranges count by address only (see {@link IpDiversity#isExempt}), so local
 * networks and tests work. One instance per walk over candidates, closest first; not
 * thread-safe.
 *
 * <p>A walk admits a few dozen contacts, so IPv4 addresses and /24s are kept in small arrays
 * scanned linearly (no hashing, no boxing); IPv6 ones in sets.
 */
public final class Diversity {
    /** Contacts of one network prefix a lookup asks and counts, like a routing-table bucket. */
    public static final int PER_PREFIX = IpDiversity.PER_BUCKET;

    /** IPv4 endpoints admitted: address (32 bits) and port. */
    private long[] endpoints4 = new long[32];

    private int endpointCount;
    /** Public /24s seen, and how many contacts each holds. */
    private int[] prefixes4 = new int[32];

    private int[] prefixUses4 = new int[32];
    private int prefixCount;
    private Map<String, Integer> perPrefix6;
    private Set<InetSocketAddress> addresses6;

    /** Counts {@code c}; false if its address or prefix already has its share. */
    public boolean admit(Contact c) {
        InetSocketAddress address = c.address();
        if (address.getAddress() instanceof Inet4Address v4) {
            return admit4(v4, address.getPort());
        }
        return admit6(c);
    }

    private boolean admit4(Inet4Address a, int port) {
        byte[] b = a.getAddress();
        int ip = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        long endpoint = ((ip & 0xffffffffL) << 16) | port;
        for (int i = 0; i < endpointCount; i++) {
            if (endpoints4[i] == endpoint) {
                return false;
            }
        }
        int slot = -1;
        if (!IpDiversity.isExempt(a)) {
            int prefix = ip >>> 8;
            for (int i = 0; i < prefixCount && slot < 0; i++) {
                if (prefixes4[i] == prefix) {
                    slot = i;
                }
            }
            if (slot >= 0 && prefixUses4[slot] >= PER_PREFIX) {
                return false;
            }
            if (slot < 0) {
                if (prefixCount == prefixes4.length) {
                    prefixes4 = Arrays.copyOf(prefixes4, 2 * prefixCount);
                    prefixUses4 = Arrays.copyOf(prefixUses4, 2 * prefixCount);
                }
                slot = prefixCount++;
                prefixes4[slot] = prefix;
            }
            prefixUses4[slot]++;
        }
        if (endpointCount == endpoints4.length) {
            endpoints4 = Arrays.copyOf(endpoints4, 2 * endpointCount);
        }
        endpoints4[endpointCount++] = endpoint;
        return true;
    }

    private boolean admit6(Contact c) {
        if (addresses6 == null) {
            addresses6 = new HashSet<>();
            perPrefix6 = new HashMap<>();
        }
        if (addresses6.contains(c.address())) {
            return false;
        }
        Optional<String> prefix = IpDiversity.prefix(c.address().getAddress());
        if (prefix.isPresent()) {
            int n = perPrefix6.getOrDefault(prefix.get(), 0);
            if (n >= PER_PREFIX) {
                return false;
            }
            perPrefix6.put(prefix.get(), n + 1);
        }
        addresses6.add(c.address());
        return true;
    }
}
