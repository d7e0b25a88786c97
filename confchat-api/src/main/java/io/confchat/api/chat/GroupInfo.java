package io.confchat.api.chat;

import java.util.List;
import java.util.Objects;

/**
 * A group's membership as this client verified it: the newest epoch of the group's signed
 * membership chain it accepted. Every change (a member added, removed or leaving) makes a new
 * epoch, one higher, signed by an admin of the epoch before (or by the member leaving).
 *
 * @param id the group
 * @param name the group's name (1 to 64 characters)
 * @param epoch 0 at creation, one more per change
 * @param members the members of this epoch (at most 100), admins flagged, sorted by username
 * @param joined true once this user accepted the invitation ({@link ChatClient#joinGroup}), or
 *     created the group; false for a pending invitation
 */
public record GroupInfo(GroupId id, String name, long epoch, List<GroupMember> members, boolean joined) {
    /** Most members a group can have. */
    public static final int MAX_MEMBERS = 100;

    public GroupInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        members = List.copyOf(members);
    }

    /** True when {@code username} is a member of this epoch. */
    public boolean isMember(String username) {
        return members.stream().anyMatch(m -> m.username().equals(username));
    }

    /** True when {@code username} is an admin of this epoch. */
    public boolean isAdmin(String username) {
        return members.stream().anyMatch(m -> m.admin() && m.username().equals(username));
    }
}
