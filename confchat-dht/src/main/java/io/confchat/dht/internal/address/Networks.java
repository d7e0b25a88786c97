package io.confchat.dht.internal.address;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * Address classification for advertising: which addresses a peer elsewhere could use, and which
 * network an address belongs to (its /24 for IPv4, its /48 for IPv6, the units of the DHT's
 * IP-diversity rules), so that confirmations can be required from different networks.
 */
public final class Networks {
    private Networks() {}

    /**
     * True for an address a peer on another machine could reach us at: not the wildcard, not
     * loopback, not link-local (it names no interface off this link), not multicast.
     */
    public static boolean isAdvertisable(InetAddress a) {
        return !a.isAnyLocalAddress() && !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isMulticastAddress();
    }

    /** The /24 (IPv4) or /48 (IPv6) network of {@code a}, as a value with equality. */
    public static Network of(InetAddress a) {
        byte[] bytes = a.getAddress();
        int length = a instanceof Inet4Address ? 3 : 6;
        return new Network(Arrays.copyOf(bytes, length));
    }

    /** A network prefix: the first 3 bytes of an IPv4 address or the first 6 of an IPv6 one. */
    public record Network(byte[] prefix) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Network n && Arrays.equals(prefix, n.prefix);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(prefix);
        }

        @Override
        public String toString() {
            return Arrays.toString(prefix);
        }
    }
}
