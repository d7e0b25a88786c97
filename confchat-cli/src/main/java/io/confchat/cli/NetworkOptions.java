package io.confchat.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Where a client node listens and how it joins the network; shared by the client commands. */
final class NetworkOptions {
    @Option(
            names = "--bootstrap",
            paramLabel = "<host:port>",
            converter = HostPortConverter.class,
            description = "A running node (e.g. the supernode) to join the network through; repeatable. "
                    + "Also CONFCHAT_BOOTSTRAP or bootstrap= in ~/.confchat/config.")
    List<InetSocketAddress> bootstrap = new ArrayList<>();

    @Option(
            names = "--port",
            defaultValue = "0",
            converter = PortConverter.class,
            description = "UDP and TCP port of this node; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--host",
            paramLabel = "<address>",
            description = "Address to bind, e.g. 127.0.0.1 for this machine only (default: every interface, "
                    + "IPv4 and IPv6).")
    String host;

    @Option(
            names = "--advertise",
            paramLabel = "<host:port>",
            converter = HostPortConverter.class,
            description = "Tell peers to reach this node at <host:port> first, e.g. a port forwarded on your "
                    + "router (the node also learns its public address from its peers by itself).")
    InetSocketAddress advertise;

    @Option(
            names = "--relay",
            negatable = true,
            defaultValue = "false",
            description = "Serve as a relay for users behind NATs, while peers can reach this node "
                    + "(default: off; supernodes relay unless --no-relay).")
    boolean relay;

    @Option(
            names = "--data-dir",
            paramLabel = "<dir>",
            description = "Keeps this node's key, stored records, contacts, log file and control socket in <dir> "
                    + "(default: the log file and control socket in ~/.confchat, the rest in memory).")
    Path dataDir;

    /**
     * Where this process keeps what outlives it and its log: {@code --data-dir}, else {@code
     * ~/.confchat}. The control sockets of running nodes live here ({@link ControlSockets}).
     */
    Path stateDirectory() {
        return dataDir != null ? dataDir : ConfigDefaults.home().resolve(".confchat");
    }
}
