package io.confchat.dht.internal.routing;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;

/**
 * Limits how many contacts of one network prefix a routing table holds, so one operator with a
 * block of addresses cannot fill a table (an eclipse attack): at most 2 per /24 (IPv4) or /48
 * (IPv6) per bucket and 10 per table. Loopback, private, link-local and carrier-grade NAT ranges
 * are exempt so local networks and tests work.
 */
public final class IpDiversity {
    /** Limits used by default (docs/architecture.md#routing-table). */
    public static final int PER_BUCKET = 2, PER_TABLE = 10;

    private IpDiversity() {}

    /** True when the address is exempt from the limits. */
    public static boolean isExempt(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64; // 100.64.0.0/10
        }
        return (b[0] & 0xfe) == 0xfc; // fc00::/7 unique local
    }

    /** The prefix the limits count by, or empty for exempt addresses. */
    public static Optional<String> prefix(InetAddress a) {
        if (isExempt(a)) {
            return Optional.empty();
        }
        byte[] b = a.getAddress();
        int length = a instanceof Inet4Address ? 3 : 6;
        return Optional.of(Arrays.toString(Arrays.copyOf(b, length)));
    }
}
