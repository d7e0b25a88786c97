package io.confchat.chat.internal.login;

import io.confchat.api.chat.GroupId;
import io.confchat.api.chat.GroupInfo;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.group.GroupChat;
import io.confchat.chat.internal.history.ChatListStore;
import io.confchat.chat.internal.history.GroupEntries;
import io.confchat.chat.internal.proto.GroupStanding;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A login's first step for its groups (docs/architecture.md#group-chats-on-any-node), before the
 * inbox is read: the groups of the user's chat list it has not left, and those this device holds,
 * are brought up to the user's key backups ({@link GroupChat#restoreFromBackups}); for each group
 * whose state came from a backup, the newest saved messages of its history are what another device
 * showed ({@link GroupChannels#shownElsewhere}); a group held here that the chat list does not
 * name yet (kept by an earlier version) gets its entry. A failed read leaves things as they were;
 * before each later inbox check ({@link #again}) the chat list is read again if it could not be,
 * and the backups of groups a kept hand-over showed the user is in but that are not held.
 */
final class GroupsFromBackup {
    private final ChatListStore store;
    private final Account me;
    private final GroupChat chat;
    private final GroupListUpdates list;
    private final Histories histories;
    private final GroupChannels channels;
    private volatile boolean listRead;
    /** The login's restore; {@link #again} waits for it, so a group is never restored twice at once. */
    private volatile CompletableFuture<Void> first = CompletableFuture.completedFuture(null);

    GroupsFromBackup(
            ChatListStore store,
            Account me,
            GroupChat chat,
            GroupListUpdates list,
            Histories histories,
            GroupChannels channels) {
        this.store = store;
        this.me = me;
        this.chat = chat;
        this.list = list;
        this.histories = histories;
        this.channels = channels;
    }

    /** Completes when every group was restored or checked (never fails). */
    CompletableFuture<Void> restore() {
        first = readList()
                .thenCompose(lists -> chat.restoreFromBackups(notLeft(lists)).thenCompose(restored -> {
                    listMissing(lists.groups().keySet());
                    return recognise(restored);
                }))
                .handle((x, e) -> null);
        return first;
    }

    /**
     * Before each later inbox check, the groups not held that the user is in: those of the chat
     * list if it could not be read before, and those a hand-over showed ({@link
     * GroupChat#restoreNotHeld}); a group restored now gets its chat list entry. Never fails.
     */
    CompletableFuture<Void> again() {
        CompletableFuture<List<GroupId>> listed = first.thenCompose(x -> listRead
                ? CompletableFuture.completedFuture(List.of())
                : readList().thenApply(GroupsFromBackup::notLeft));
        return listed.thenCompose(chat::restoreNotHeld)
                .thenCompose(restored -> {
                    chat.groups().list().stream()
                            .filter(g -> restored.contains(g.id()))
                            .forEach(this::list);
                    return recognise(restored);
                })
                .handle((x, e) -> null);
    }

    /** The chat list; once read, {@link #again} does not read it again. */
    private CompletableFuture<ChatListStore.Lists> readList() {
        return store.readLists(me).thenApply(lists -> {
            listRead = true;
            return lists;
        });
    }

    private static List<GroupId> notLeft(ChatListStore.Lists lists) {
        return lists.groups().values().stream()
                .filter(e -> !GroupEntries.isLeft(e))
                .map(e -> GroupId.of(e.getGroupId().toByteArray()))
                .toList();
    }

    private void listMissing(Set<String> listed) {
        for (GroupInfo g : chat.groups().list()) {
            if (!listed.contains(GroupEntries.keyOf(g.id().toBytes()))) {
                list(g);
            }
        }
    }

    private void list(GroupInfo g) {
        list.standing(g.id(), g.name(), g.joined() ? GroupStanding.GROUP_JOINED : GroupStanding.GROUP_INVITED);
    }

    private CompletableFuture<Void> recognise(List<GroupId> restored) {
        List<CompletableFuture<Void>> each = new ArrayList<>();
        for (GroupId id : restored) {
            each.add(histories
                    .savedSenderIds(GroupViews.historyName(id))
                    .thenAccept(ids -> channels.shownElsewhere(id, ids)));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new));
    }
}
