package io.confchat.chat.internal.group;

import java.util.List;

/**
 * What a device kept of one group for its user: the group's state as kept last ({@link
 * GroupLinks#keep}) and the chain positions kept after it ({@link GroupLinks#keepPosition}), the
 * latest of each chain, which a restore applies over the state.
 */
public record KeptGroup(byte[] state, List<byte[]> positions) {
    public KeptGroup {
        state = state.clone();
        positions = List.copyOf(positions);
    }
}
