package io.confchat.chat.internal.group;

import io.confchat.api.Dht;
import io.confchat.api.chat.GroupId;
import io.confchat.api.chat.GroupInfo;
import io.confchat.chat.internal.account.Account;
import io.confchat.dht.time.Scheduler;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * One login's group chats, assembled: {@link Groups} (what the API asks), {@link GroupIntake}
 * (what other members send) and {@link GroupCatchUp} (what the DHT holds), over one {@link
 * GroupArchive}, one {@link HeldGroups} and the login's {@link GroupLinks}. Thread-safe.
 */
public final class GroupChat {
    private final Groups groups;
    private final GroupIntake intake;
    private final GroupCatchUp catchUp;
    private final GroupMembership membership;

    private GroupChat(Groups groups, GroupIntake intake, GroupCatchUp catchUp, GroupMembership membership) {
        this.groups = groups;
        this.intake = intake;
        this.catchUp = catchUp;
        this.membership = membership;
    }

    /**
     * @param ackTimeout how long a live group send waits for receipts
     * @param kept the groups this device kept for the user (see {@link GroupLinks#keep} and {@link
     *     GroupLinks#keepPosition})
     */
    public static GroupChat of(
            Dht dht,
            Account me,
            SecureRandom random,
            Scheduler clock,
            Duration ackTimeout,
            GroupLinks links,
            Collection<KeptGroup> kept) {
        GroupArchive archive = new GroupArchive(dht);
        byte[] self = me.identity().publicKey();
        HeldGroups held = new HeldGroups(links, self, random);
        held.restore(kept);
        ControlFanOut control = new ControlFanOut(links, self, random);
        GroupSending sending = new GroupSending(held, control, links, me, random, clock, ackTimeout, archive);
        GroupMembership membership = new GroupMembership(archive, me, random, clock, held, control, links);
        GroupCatchUp catchUp = new GroupCatchUp(held, membership, sending, archive, links, clock);
        GroupIntake intake = new GroupIntake(held, membership, sending, archive, catchUp, links, me, random);
        return new GroupChat(new Groups(held, membership, sending), intake, catchUp, membership);
    }

    /** What the API's group methods use. */
    public Groups groups() {
        return groups;
    }

    /** What other members send this user. */
    public GroupIntake intake() {
        return intake;
    }

    /** Catching up from the DHT. */
    public GroupCatchUp catchUp() {
        return catchUp;
    }

    /** Accepts an invitation (see {@link GroupMembership#join}). */
    public CompletableFuture<GroupInfo> join(GroupId id) {
        return membership.join(id, catchUp);
    }
}
