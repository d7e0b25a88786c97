package io.confchat.chat.internal.group;

import io.confchat.api.Dht;
import io.confchat.api.chat.GroupId;
import io.confchat.api.chat.GroupInfo;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.history.GroupKeysStore;
import io.confchat.dht.time.Scheduler;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
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
    private final GroupRestore restore;
    private final HeldGroups held;
    private final UnheldGroups unheld;

    private GroupChat(
            Groups groups,
            GroupIntake intake,
            GroupCatchUp catchUp,
            GroupMembership membership,
            GroupRestore restore,
            HeldGroups held,
            UnheldGroups unheld) {
        this.groups = groups;
        this.intake = intake;
        this.catchUp = catchUp;
        this.membership = membership;
        this.restore = restore;
        this.held = held;
        this.unheld = unheld;
    }

    /**
     * @param ackTimeout how long a live group send waits for receipts
     * @param kept the groups this device kept for the user (see {@link GroupLinks#keep} and {@link
     *     GroupLinks#keepPosition})
     * @param backupStore where the user's key backups of its groups live (for its other devices)
     */
    public static GroupChat of(
            Dht dht,
            Account me,
            SecureRandom random,
            Scheduler clock,
            Duration ackTimeout,
            GroupLinks links,
            Collection<KeptGroup> kept,
            GroupKeysStore backupStore) {
        GroupArchive archive = new GroupArchive(dht);
        byte[] self = me.identity().publicKey();
        BackupStore inTheDht = new BackupStore() {
            @Override
            public CompletableFuture<java.util.Optional<byte[]>> read(String groupIdHex) {
                return backupStore
                        .read(me, groupIdHex)
                        .thenApply(stored -> stored.map(GroupKeysStore.Stored::plaintext));
            }

            @Override
            public CompletableFuture<Void> write(String groupIdHex, byte[] plaintext) {
                return backupStore.write(me, groupIdHex, plaintext);
            }
        };
        GroupBackups backups = new GroupBackups(inTheDht, () -> clock.now().toEpochMilli());
        HeldGroups held = new HeldGroups(links, self, random, backups);
        held.restore(kept);
        ControlFanOut control = new ControlFanOut(links, self, random);
        GroupSending sending = new GroupSending(held, control, links, me, random, clock, ackTimeout, archive);
        GroupMembership membership = new GroupMembership(archive, me, random, clock, held, control, links);
        GroupCatchUp catchUp = new GroupCatchUp(held, membership, sending, archive, links, clock);
        UnheldGroups unheld = new UnheldGroups(() -> clock.now().toEpochMilli());
        GroupIntake intake = new GroupIntake(held, membership, sending, archive, catchUp, links, me, random, unheld);
        GroupRestore restore = new GroupRestore(held, control, backups, archive, self, random);
        return new GroupChat(new Groups(held, membership, sending), intake, catchUp, membership, restore, held, unheld);
    }

    /**
     * Brings this device's groups up to the user's key backups (see {@link GroupRestore}); call at
     * login before anything of a group is received.
     *
     * @param listed the groups of the user's chat list it has not left
     * @return completes with the groups whose state came from a backup
     */
    public CompletableFuture<List<GroupId>> restoreFromBackups(Collection<GroupId> listed) {
        return restore.all(listed);
    }

    /**
     * Reads the key backups of groups not held here: those of {@code listed} (the chat list's groups
     * not left, when it could be read only now) and those a hand-over showed this user is in, when
     * due ({@link UnheldGroups}); call before each inbox check. Nothing is read when there are none.
     *
     * @return completes with the groups whose state came from a backup now
     */
    public CompletableFuture<List<GroupId>> restoreNotHeld(Collection<GroupId> listed) {
        LinkedHashSet<GroupId> ids = new LinkedHashSet<>(listed);
        ids.addAll(unheld.due(id -> held.find(id).isPresent()));
        ids.removeIf(id -> held.find(id).isPresent());
        return ids.isEmpty() ? CompletableFuture.completedFuture(List.of()) : restore.these(ids);
    }

    /** Writes the key backups whose positions moved a little since (at logout); never fails. */
    public CompletableFuture<Void> flushBackups() {
        return held.flushBackups().handle((x, e) -> null);
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
