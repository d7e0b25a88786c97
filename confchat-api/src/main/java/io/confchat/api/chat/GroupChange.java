package io.confchat.api.chat;

import java.util.List;
import java.util.Objects;

/**
 * A change of a group's membership that this client verified and accepted: a new epoch.
 *
 * @param group the group after the change
 * @param by who signed the change (an admin, or the member who left)
 * @param added members added by this change
 * @param removed members removed by this change (or who left); when it names this user, the user
 *     is no longer a member and cannot read anything sent from then on
 */
public record GroupChange(GroupInfo group, String by, List<String> added, List<String> removed) {
    public GroupChange {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(by, "by");
        added = List.copyOf(added);
        removed = List.copyOf(removed);
    }
}
