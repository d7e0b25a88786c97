package io.confchat.api;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A DHT node as other nodes know it: its id and the UDP/TCP address it listens on.
 *
 * @param id the node's id
 * @param address a resolved socket address with a port in 1..65535
 */
public record Contact(NodeId id, InetSocketAddress address) {
    public Contact {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("contact address must be resolved: " + address);
        }
        if (address.getPort() < 1 || address.getPort() > 65535) {
            throw new IllegalArgumentException("contact port out of range: " + address.getPort());
        }
    }

    @Override
    public String toString() {
        return id.shortHex() + "@" + address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
