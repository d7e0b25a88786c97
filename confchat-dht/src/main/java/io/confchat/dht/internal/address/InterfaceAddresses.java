package io.confchat.dht.internal.address;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The addresses of this machine's interfaces that peers elsewhere could use: interfaces that are
 * up and not loopback, addresses that pass {@link Networks#isAdvertisable}. Read afresh on every
 * call, so a new DHCP lease or a cable plugged in shows at the next read.
 */
public final class InterfaceAddresses {
    private static final Logger log = LoggerFactory.getLogger(InterfaceAddresses.class);

    private InterfaceAddresses() {}

    /** The usable addresses of this machine's interfaces, in the order the system lists them. */
    public static List<InetAddress> ofThisMachine() {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (Networks.isAdvertisable(a)) {
                        // without the interface's scope: "2001:db8::1%eth0" means nothing to a peer
                        out.add(InetAddress.getByAddress(a.getAddress()));
                    }
                }
            }
        } catch (SocketException | UnknownHostException e) {
            log.debug("cannot list the network interfaces: {}", e.toString());
        }
        return out;
    }
}
