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
import java.util.concurrent.CompletableFuture;

/**
 * A login's first step for its groups (docs/architecture.md#group-chats-on-any-node), before the
 * inbox is read: the groups of the user's chat list it has not left, and those this device holds,
 * are brought up to the user's key backups ({@link GroupChat#restoreFromBackups}); for each group
 * whose state came from a backup, the newest saved messages of its history are what another device
 * showed ({@link GroupChannels#shownElsewhere}); a group held here that the chat list does not
 * name yet (kept by an earlier version) gets its entry. A failed read leaves things as they were.
 */
final class GroupsFromBackup {
    private final ChatListStore store;
    private final Account me;
    private final GroupChat chat;
    private final GroupListUpdates list;
    private final Histories histories;
    private final GroupChannels channels;

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
        return store.readLists(me)
                .thenCompose(lists -> {
                    List<GroupId> listed = lists.groups().values().stream()
                            .filter(e -> !GroupEntries.isLeft(e))
                            .map(e -> GroupId.of(e.getGroupId().toByteArray()))
                            .toList();
                    return chat.restoreFromBackups(listed).thenCompose(restored -> {
                        listMissing(lists.groups().keySet());
                        return recognise(restored);
                    });
                })
                .handle((x, e) -> null);
    }

    private void listMissing(java.util.Set<String> listed) {
        for (GroupInfo g : chat.groups().list()) {
            if (!listed.contains(GroupEntries.keyOf(g.id().toBytes()))) {
                list.standing(g.id(), g.name(), g.joined() ? GroupStanding.GROUP_JOINED : GroupStanding.GROUP_INVITED);
            }
        }
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
