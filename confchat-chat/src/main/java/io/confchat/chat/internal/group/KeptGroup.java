package io.confchat.chat.internal.group;

import java.util.List;

/**
 * What a device kept of one group for its user: the group's state as kept last ({@link
 * GroupLinks#keep}), the chains it took after it in the order taken ({@link GroupLinks#keepChain}),
 * and the chain positions kept after it ({@link GroupLinks#keepPosition}), the latest of each
 * chain; a restore takes the chains again over the state, then applies the positions.
 */
public record KeptGroup(byte[] state, List<byte[]> chains, List<byte[]> positions) {
    public KeptGroup {
        state = state.clone();
        chains = List.copyOf(chains);
        positions = List.copyOf(positions);
    }

    /** A group kept with no chain taken since its state. */
    public KeptGroup(byte[] state, List<byte[]> positions) {
        this(state, List.of(), positions);
    }
}
