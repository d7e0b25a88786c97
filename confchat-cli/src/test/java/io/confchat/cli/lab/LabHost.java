package io.confchat.cli.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * A machine of the lab: a network namespace with its own interfaces, addresses and routes.
 * {@link #command} turns a command line into one that runs inside it ({@code ip netns exec}).
 */
public final class LabHost {
    private final NetLab lab;
    final String name;
    final String namespace;
    private final List<String> addresses = new ArrayList<>();
    private int interfaces;

    LabHost(NetLab lab, String name, String namespace) {
        this.lab = lab;
        this.name = name;
        this.namespace = namespace;
    }

    /**
     * Plugs a new interface into {@code network} with {@code cidr} (e.g. {@code 10.1.0.2/24}) and
     * a route to each of the network's prefixes.
     */
    public LabHost attach(LabNetwork network, String cidr) {
        String device;
        synchronized (this) {
            device = "eth" + interfaces++;
        }
        return attach(network, cidr, device);
    }

    LabHost attach(LabNetwork network, String cidr, String device) {
        lab.plug(this, network, device, cidr);
        synchronized (this) {
            addresses.add(cidr.substring(0, cidr.indexOf('/')));
        }
        return this;
    }

    /** Sends everything not on a link to {@code gateway} (a lab router's address). */
    public LabHost defaultRoute(String gateway) {
        lab.ip("-n", namespace, "route", "add", "default", "via", gateway);
        return this;
    }

    /** The first address given to this host. */
    public synchronized String address() {
        if (addresses.isEmpty()) {
            throw new IllegalStateException(name + " has no address");
        }
        return addresses.get(0);
    }

    /** {@code command} prefixed so that it runs inside this host's namespace. */
    public List<String> command(List<String> command) {
        List<String> full = new ArrayList<>(List.of(lab.ipTool(), "netns", "exec", namespace));
        full.addAll(command);
        return full;
    }

    /** Runs a short command inside this host and returns its output; throws if it fails. */
    public String run(String... command) {
        return Commands.run(command(List.of(command)));
    }

    /**
     * The remote ends ({@code ip:port}, IPv4 ones plain even on a dual-stack socket) of this host's
     * established TCP connections, from {@code ss} (iproute2): how a test sees which paths a
     * node's connections take.
     */
    public List<String> establishedPeers() {
        List<String> peers = new ArrayList<>();
        for (String line : run(lab.ssTool(), "-Htn", "state", "established").split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length >= 4) {
                // a dual-stack socket's IPv4 peer shows as [::ffff:a.b.c.d]:port
                peers.add(columns[3].replaceFirst("^\\[::ffff:([0-9.]+)]", "$1"));
            }
        }
        return peers;
    }

    @Override
    public String toString() {
        return name + addresses;
    }
}
