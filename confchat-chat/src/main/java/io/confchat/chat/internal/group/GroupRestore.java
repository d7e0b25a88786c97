package io.confchat.chat.internal.group;

import io.confchat.api.chat.GroupId;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * At login, brings the groups of this device up to the user's key backups in the DHT
 * (docs/architecture.md#group-chats-on-any-node), before anything of a group is received:
 *
 * <pre>
 *   backup  local state        what happens
 *   none    any                nothing (a held group's backup is written now)
 *   yes     none               restored: the backup's head, standing, chain positions and former
 *                              members, and a NEW sending chain handed to every member (as a rejoin)
 *   yes     older epoch        the same, in place of the local state
 *   yes     same epoch, newer  chains moved to the backup's positions where those are ahead; and if
 *                              the backup names another sending chain (another device sent since),
 *                              a new sending chain handed to every member
 * </pre>
 *
 * A backup is the user's own (sealed under its storage key, signed by its identity key); its head
 * must still decode, be signed by its signer and name the user, and later epochs come from the DHT
 * at the catch-up that follows (a user removed meanwhile loses the group there). A device never
 * takes a sending chain from a backup (none is in it): two devices never seal on one chain. A new
 * sending chain's hand-over says how far the chain the backup names went (its pages in the DHT
 * read from the backup's position to their end), so members read that chain to its end before
 * the new one ({@link GroupCatchUp#before}). Thread-safe.
 */
final class GroupRestore {
    private final HeldGroups groups;
    private final ControlFanOut control;
    private final GroupBackups backups;
    private final GroupArchive archive;
    private final byte[] self;
    private final SecureRandom random;

    GroupRestore(
            HeldGroups groups,
            ControlFanOut control,
            GroupBackups backups,
            GroupArchive archive,
            byte[] self,
            SecureRandom random) {
        this.groups = groups;
        this.control = control;
        this.backups = backups;
        this.archive = archive;
        this.self = self.clone();
        this.random = random;
    }

    /**
     * Restores or updates every group held here or {@code listed} (the chat list's groups the user
     * has not left), one backup read each.
     *
     * @return completes with the groups whose state came from a backup (their history holds what
     *     another device showed: the caller recognises those messages), once every chain was
     *     handed out; a failed read leaves its group as it was
     */
    CompletableFuture<List<GroupId>> all(Collection<GroupId> listed) {
        LinkedHashSet<GroupId> ids = new LinkedHashSet<>(listed);
        groups.all().forEach(g -> ids.add(g.id()));
        return these(ids);
    }

    /** As {@link #all}, for these groups only. */
    CompletableFuture<List<GroupId>> these(Collection<GroupId> ids) {
        List<CompletableFuture<Optional<GroupId>>> each = new ArrayList<>();
        for (GroupId id : ids) {
            each.add(backups.read(id).thenCompose(b -> apply(id, b)).exceptionally(e -> Optional.empty()));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(x -> each.stream()
                        .map(CompletableFuture::join)
                        .flatMap(Optional::stream)
                        .toList());
    }

    private CompletableFuture<Optional<GroupId>> apply(GroupId id, Optional<GroupBackupCodec.Backup> backup) {
        Optional<HeldGroup> local = groups.find(id);
        if (backup.isEmpty() || !backup.get().head().state().isMember(self)) {
            synchronized (groups) {
                local.ifPresent(backups::note); // none yet (or one this user is no member of): this one
            }
            return CompletableFuture.completedFuture(Optional.empty());
        }
        GroupBackupCodec.Backup b = backup.get();
        backups.known(id, b);
        boolean newChain;
        synchronized (groups) {
            newChain = local.isEmpty()
                    || local.get().keys().state().epoch() < b.head().state().epoch()
                    || !sendsOn(local.get(), b);
        }
        return (newChain ? lengthOfTheChainNamed(b) : CompletableFuture.completedFuture(0))
                .thenCompose(length -> apply(id, local, b, length));
    }

    /** Whether {@code g}'s sending chain is the one the backup names (or it names none). */
    private static boolean sendsOn(HeldGroup g, GroupBackupCodec.Backup b) {
        return b.sendingChainId().isEmpty()
                || g.keys()
                        .sendingChainId()
                        .map(own -> Arrays.equals(own, b.sendingChainId().get()))
                        .orElse(true);
    }

    /**
     * How far the sending chain the backup names went: its pages in the DHT from the backup's
     * position on (a page, unless the other device sent much after its last backup); the backup's
     * position if they cannot be read, 0 when it names none.
     */
    private CompletableFuture<Integer> lengthOfTheChainNamed(GroupBackupCodec.Backup b) {
        if (b.sendingChainId().isEmpty()) {
            return CompletableFuture.completedFuture(0);
        }
        int known = b.sendingChainNextIteration();
        return archive.fetch(b.sendingChainId().get(), known)
                .thenApply(stored -> Math.max(
                        known,
                        stored.stream().mapToInt(m -> m.iteration() + 1).max().orElse(0)))
                .exceptionally(e -> known);
    }

    private CompletableFuture<Optional<GroupId>> apply(
            GroupId id, Optional<HeldGroup> local, GroupBackupCodec.Backup b, int otherChainLength) {
        List<GroupKeys.Addressed> chains;
        byte[] record;
        boolean fromBackup;
        synchronized (groups) {
            if (local.isEmpty()
                    || local.get().keys().state().epoch() < b.head().state().epoch()) {
                HeldGroup restored = HeldGroup.restore(
                        GroupKeys.restoreElsewhere(
                                self, MembershipChain.resume(b.head()), random, b.chains(), b.formers()),
                        b.headRecord(),
                        b.standing(),
                        b.invitedBy(),
                        b.names());
                groups.replace(restored);
                chains = restored.joined() ? restored.keys().distributionsToAll(otherChainLength) : List.of();
                record = restored.headRecord();
                fromBackup = true;
            } else {
                HeldGroup g = local.get();
                fromBackup = g.keys().kept().adoptPositions(b.chains()) > 0;
                List<GroupKeys.Addressed> restarted =
                        sendsOn(g, b) ? List.of() : g.keys().restartSending(otherChainLength);
                chains = g.joined() ? restarted : List.of();
                record = g.headRecord();
                groups.keep(g); // writes the backup if this device is ahead, or it is old
            }
        }
        CompletableFuture<Void> told =
                chains.isEmpty() ? CompletableFuture.completedFuture(null) : control.handOver(record, chains);
        return told.thenApply(x -> fromBackup ? Optional.of(id) : Optional.empty());
    }
}
