package io.confchat.api.chat;

import java.util.Objects;

/**
 * Two accounts claim one username: the nodes holding the name's records disagree (a registration
 * on both sides of a network split, or a hostile node serving its own record). The client uses the
 * owner most of those nodes return and reports the other, never choosing silently; when both have
 * as many votes ({@link #isTied()}) it uses neither and fails with {@link NameContestedException}.
 *
 * @param username the contested name
 * @param leadingKey the first 8 bytes (16 hex digits) of the identity key most nodes returned:
 *     the one used, unless tied
 * @param leadingVotes how many nodes returned it
 * @param otherKey the same of the strongest other claimant
 * @param otherVotes how many nodes returned that one
 */
public record NameConflict(String username, String leadingKey, int leadingVotes, String otherKey, int otherVotes) {
    public NameConflict {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(leadingKey, "leadingKey");
        Objects.requireNonNull(otherKey, "otherKey");
    }

    /** True when both claimants have as many votes, so the name resolves to nobody for now. */
    public boolean isTied() {
        return leadingVotes == otherVotes;
    }
}
