package io.confchat.cli.lab;

/**
 * The lab of issue 11: a "public" network of two documentation /24s (never routed anywhere, and
 * public addresses for the DHT's IP-diversity rules) and three homes, each behind its own NAT
 * router (two that keep ports, where hole punching works between them, and one with random ports,
 * where it cannot), one home with a second machine.
 *
 * <pre>
 *                      public network (one switch, 203.0.113.0/24 + 198.51.100.0/24)
 *   ┌──────────────┬───────────────┬──────────────────┬──────────────────┬─────────────────┐
 * supernode    publicNode      router1 (wan)      router2 (wan)      router3 (wan)
 * 203.0.113.10 198.51.100.10   203.0.113.21       198.51.100.21      198.51.100.23
 *                              PORT_PRESERVING    RANDOM_PORTS       PORT_PRESERVING
 *                              10.1.0.1 (lan)     192.168.2.1 (lan)  10.3.0.1 (lan)
 *                         home1 ┌────┴─────┐  home2 │          home3 │
 *                           home1a      home1b    home2a            home3a
 *                           10.1.0.2    10.1.0.3  192.168.2.2       10.3.0.2
 * </pre>
 *
 * Closing it closes the lab: every namespace and process in it goes.
 */
public final class HomesTopology implements AutoCloseable {
    public static final String SUPERNODE_IP = "203.0.113.10";
    public static final String PUBLIC_NODE_IP = "198.51.100.10";
    public static final String ROUTER1_WAN_IP = "203.0.113.21";
    public static final String ROUTER2_WAN_IP = "198.51.100.21";
    public static final String ROUTER3_WAN_IP = "198.51.100.23";

    public final NetLab lab;
    public final LabHost supernode;
    public final LabHost publicNode;
    public final LabHost router1;
    public final LabHost router2;
    public final LabHost home1a;
    public final LabHost home1b;
    public final LabHost home2a;
    public final LabHost router3;
    public final LabHost home3a;

    private HomesTopology(NetLab lab) {
        this.lab = lab;
        LabNetwork internet = lab.network("internet", "203.0.113.0/24", "198.51.100.0/24");
        supernode = lab.host("supernode").attach(internet, SUPERNODE_IP + "/24");
        publicNode = lab.host("public").attach(internet, PUBLIC_NODE_IP + "/24");

        LabNetwork home1 = lab.network("home1", "10.1.0.0/24");
        router1 = lab.natRouter("router1", internet, ROUTER1_WAN_IP + "/24", home1, "10.1.0.1/24", Nat.PORT_PRESERVING);
        home1a = lab.host("home1a").attach(home1, "10.1.0.2/24").defaultRoute("10.1.0.1");
        home1b = lab.host("home1b").attach(home1, "10.1.0.3/24").defaultRoute("10.1.0.1");

        LabNetwork home2 = lab.network("home2", "192.168.2.0/24");
        router2 = lab.natRouter("router2", internet, ROUTER2_WAN_IP + "/24", home2, "192.168.2.1/24", Nat.RANDOM_PORTS);
        home2a = lab.host("home2a").attach(home2, "192.168.2.2/24").defaultRoute("192.168.2.1");

        LabNetwork home3 = lab.network("home3", "10.3.0.0/24");
        router3 = lab.natRouter("router3", internet, ROUTER3_WAN_IP + "/24", home3, "10.3.0.1/24", Nat.PORT_PRESERVING);
        home3a = lab.host("home3a").attach(home3, "10.3.0.2/24").defaultRoute("10.3.0.1");
    }

    /** Builds the topology in a new lab; skips the calling test where the lab cannot run. */
    public static HomesTopology build() {
        NetLab lab = NetLab.open();
        try {
            return new HomesTopology(lab);
        } catch (RuntimeException | Error e) {
            lab.close();
            throw e;
        }
    }

    @Override
    public void close() {
        lab.close();
    }
}
