package io.confchat.cli.lab;

/** How a lab router translates its home's addresses (nft {@code masquerade} flags). */
public enum Nat {
    /**
     * Plain {@code masquerade}: Linux keeps a flow's source port when it is free, so one socket
     * appears at the same public port to every destination (the NAT hole punching can work with).
     */
    PORT_PRESERVING("masquerade"),
    /**
     * {@code masquerade random,fully-random}: every flow gets a random public port, so what one
     * peer observes tells nothing about the port another peer would see (hole punching fails).
     */
    RANDOM_PORTS("masquerade random,fully-random");

    final String rule;

    Nat(String rule) {
        this.rule = rule;
    }
}
