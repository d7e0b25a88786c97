package io.confchat.chat.internal.group;

import io.confchat.api.chat.GroupDelivery;
import io.confchat.api.chat.GroupId;
import io.confchat.api.chat.GroupInfo;
import io.confchat.chat.internal.account.UserKeys;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The group chats of one login as the API's group methods use them (docs/architecture.md#group-chats):
 * membership changes are {@link GroupMembership}'s, sending is {@link GroupSending}'s, the groups
 * held {@link HeldGroups}'. Incoming envelopes are {@link GroupIntake}'s; catching up is {@link
 * GroupCatchUp}'s. Thread-safe.
 */
public final class Groups {
    private final HeldGroups held;
    private final GroupMembership membership;
    private final GroupSending sending;

    Groups(HeldGroups held, GroupMembership membership, GroupSending sending) {
        this.held = held;
        this.membership = membership;
        this.sending = sending;
    }

    /** Creates a group with this user as its admin; {@code members} are invited. */
    public CompletableFuture<GroupInfo> create(String name, List<UserKeys> members) {
        return membership.create(name, members);
    }

    /** The groups held, sorted by name. */
    public List<GroupInfo> list() {
        return held.list();
    }

    /**
     * One held group.
     *
     * @throws IllegalArgumentException if this login holds no such group
     */
    public GroupInfo info(GroupId id) {
        return held.info(held.group(id));
    }

    /** True when this login holds the group (a member, or invited). */
    public boolean holds(GroupId id) {
        return held.holds(id);
    }

    /** Adds {@code user} (an admin's change). */
    public CompletableFuture<GroupInfo> invite(GroupId id, UserKeys user) {
        return membership.invite(id, user);
    }

    /** Removes the member named {@code username} (an admin's change); the others rekey. */
    public CompletableFuture<GroupInfo> remove(GroupId id, String username) {
        return membership.remove(id, username);
    }

    /** Leaves (or declines) a group: a record removing only this user, signed by it. */
    public CompletableFuture<Void> leave(GroupId id) {
        return membership.leave(id);
    }

    /** Seals {@code text}, stores its one copy, fans it out live; see {@link GroupSending}. */
    public CompletableFuture<GroupDelivery> send(GroupId id, String text) {
        return sending.send(id, text);
    }
}
