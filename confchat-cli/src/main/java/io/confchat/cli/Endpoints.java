package io.confchat.cli;

import java.net.InetSocketAddress;
import java.util.List;

/** How the CLI shows the endpoints a node advertises. */
final class Endpoints {
    private Endpoints() {}

    /**
     * The advertised endpoints, comma-separated (as {@link HostPortConverter} reads them); when
     * there are none, the port and that nothing can be advertised yet.
     */
    static String describe(List<InetSocketAddress> advertised, InetSocketAddress bound) {
        if (advertised.isEmpty()) {
            return "port " + bound.getPort() + ", with no address to advertise yet";
        }
        return HostPortConverter.format(advertised);
    }
}
