package io.confchat.chat.internal.group;

import io.confchat.api.Dht;
import io.confchat.chat.internal.account.Account;
import io.confchat.dht.time.Scheduler;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * One login's group chats, assembled: {@link Groups} (what the API asks), {@link GroupIntake}
 * (what other members send) and {@link GroupCatchUp} (what the DHT holds), over one {@link
 * GroupArchive} and the login's {@link GroupLinks}.
 */
public record GroupChat(Groups groups, GroupIntake intake, GroupCatchUp catchUp) {

    /** @param ackTimeout how long a live group send waits for receipts */
    /**
     * @param kept the states of the groups this device kept for the user (see {@link GroupLinks#keep})
     */
    public static GroupChat of(
            Dht dht,
            Account me,
            SecureRandom random,
            Scheduler clock,
            Duration ackTimeout,
            GroupLinks links,
            java.util.Collection<byte[]> kept) {
        GroupArchive archive = new GroupArchive(dht);
        Groups groups = new Groups(archive, me, random, clock, ackTimeout, links);
        groups.restore(kept);
        GroupCatchUp catchUp = new GroupCatchUp(groups, archive, links);
        return new GroupChat(groups, new GroupIntake(groups, archive, catchUp, links, me, random), catchUp);
    }

    /** Accepts an invitation (see {@link Groups#join}). */
    public java.util.concurrent.CompletableFuture<io.confchat.api.chat.GroupInfo> join(
            io.confchat.api.chat.GroupId id) {
        return groups.join(id, catchUp);
    }
}
