package io.confchat.cli.lab;

import java.util.List;

/**
 * One lab network: a bridge alone in its own namespace (a switch), and the IPv4 prefixes its
 * hosts use. A host attached to it gets a route to every prefix on the link, and nothing else.
 */
public final class LabNetwork {
    final String name;
    final String switchNamespace;
    final List<String> prefixes;
    private int ports;

    LabNetwork(String name, String switchNamespace, List<String> prefixes) {
        this.name = name;
        this.switchNamespace = switchNamespace;
        this.prefixes = List.copyOf(prefixes);
    }

    /** The name of the switch's next port (a veth end inside the switch's namespace). */
    synchronized String nextPort() {
        return "p" + ++ports;
    }

    @Override
    public String toString() {
        return name + prefixes;
    }
}
