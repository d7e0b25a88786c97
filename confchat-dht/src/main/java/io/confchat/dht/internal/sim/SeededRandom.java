package io.confchat.dht.internal.sim;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * A {@link SecureRandom} that replays one sequence for one seed, for simulations that must replay
 * from their seed (node and account keys, salts, nonces). SHA1PRNG seeded before its first use
 * draws only from that seed; never for production keys.
 */
public final class SeededRandom {
    private SeededRandom() {}

    /** A generator whose every output is a function of {@code seed}. */
    public static SecureRandom of(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return r;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA1PRNG is part of every JDK", e);
        }
    }
}
