package io.confchat.api.chat;

import java.util.List;
import java.util.Objects;

/**
 * A bounded part of the user directory with each user's presence: the answer to a search by name
 * or prefix, or one page of everyone.
 *
 * @param users the users, sorted by name; each name is one a majority of its user record's
 *     replicas backs, and its presence is read under that record's key
 * @param more true when more users match than are listed: a longer prefix narrows a search, and
 *     {@link ChatClient#everyone} after the last user listed gives the next page
 */
public record UserPage(List<Presence> users, boolean more) {
    public UserPage {
        users = List.copyOf(Objects.requireNonNull(users, "users"));
    }
}
