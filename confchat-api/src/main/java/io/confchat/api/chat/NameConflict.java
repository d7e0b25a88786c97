package io.confchat.api.chat;

import java.util.Objects;

/**
 * Two accounts claim one username: the nodes holding the name's records disagree (a registration
 * on both sides of a network split, or a hostile node serving its own record). The client uses the
 * owner most of those nodes return and reports the other, never choosing silently.
 *
 * @param username the contested name
 * @param chosenKey the first 8 bytes (16 hex digits) of the identity key used, the majority's
 * @param chosenVotes how many nodes returned it
 * @param otherKey the same of the strongest other claimant
 * @param otherVotes how many nodes returned that one
 */
public record NameConflict(String username, String chosenKey, int chosenVotes, String otherKey, int otherVotes) {
    public NameConflict {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(chosenKey, "chosenKey");
        Objects.requireNonNull(otherKey, "otherKey");
    }
}
