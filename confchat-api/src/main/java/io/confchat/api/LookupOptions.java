package io.confchat.api;

/**
 * How a {@link Dht} finds the nodes of a key for one {@code get} or {@code put}. Immutable and
 * thread-safe; new settings may be added in later versions, each with a default that keeps the
 * behaviour of the versions before it.
 *
 * <p>{@link #standard()}: one lookup path, as in Kademlia. Every lookup, standard or not, counts a
 * node toward its result only once that node proved its id, and keeps its result IP-diverse
 * (docs/dht-hardening.md).
 *
 * <p>{@link #sensitive()}: {@value #SENSITIVE_PATHS} disjoint lookup paths (S/Kademlia, section
 * 4.4): each path follows only the referrals of the nodes it asked itself, and no node is asked by
 * two paths, so an adversary on one path cannot steer the others. Costs about that many times the
 * messages of a standard lookup; meant for records whose loss or staleness does harm, such as user
 * records, presence and inboxes.
 */
public final class LookupOptions {
    /** Disjoint paths of {@link #sensitive()}. */
    public static final int SENSITIVE_PATHS = 3;
    /** Most disjoint paths one lookup may run. */
    public static final int MAX_PATHS = 8;

    private static final LookupOptions STANDARD = new LookupOptions(1);
    private static final LookupOptions SENSITIVE = new LookupOptions(SENSITIVE_PATHS);

    private final int disjointPaths;

    private LookupOptions(int disjointPaths) {
        this.disjointPaths = disjointPaths;
    }

    /** One lookup path: the default of {@link Dht#get(DhtKey)} and {@link Dht#put(SignedRecord)}. */
    public static LookupOptions standard() {
        return STANDARD;
    }

    /** {@value #SENSITIVE_PATHS} disjoint lookup paths. */
    public static LookupOptions sensitive() {
        return SENSITIVE;
    }

    /**
     * A copy with {@code paths} disjoint lookup paths.
     *
     * @throws IllegalArgumentException unless {@code 1 <= paths <= MAX_PATHS}
     */
    public LookupOptions withDisjointPaths(int paths) {
        if (paths < 1 || paths > MAX_PATHS) {
            throw new IllegalArgumentException("disjoint paths must be 1.." + MAX_PATHS + ", got " + paths);
        }
        return paths == 1 ? STANDARD : paths == SENSITIVE_PATHS ? SENSITIVE : new LookupOptions(paths);
    }

    /** How many disjoint paths a lookup runs; 1 for a standard lookup. */
    public int disjointPaths() {
        return disjointPaths;
    }

    /** True when lookups run over more than one disjoint path. */
    public boolean isSensitive() {
        return disjointPaths > 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LookupOptions other && other.disjointPaths == disjointPaths;
    }

    @Override
    public int hashCode() {
        return disjointPaths;
    }

    @Override
    public String toString() {
        return "LookupOptions[disjointPaths=" + disjointPaths + "]";
    }
}
