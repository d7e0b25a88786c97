package io.confchat.cli;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.ChatListener;
import io.confchat.api.chat.GroupChange;
import io.confchat.api.chat.GroupConversation;
import io.confchat.api.chat.GroupDelivery;
import io.confchat.api.chat.GroupId;
import io.confchat.api.chat.GroupInfo;
import io.confchat.api.chat.GroupInvitation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The group chats a running {@code node} or {@code listen} keeps open, and the one way its group
 * texts are sent (the interactive client, {@code listen}'s stdin and {@code confchat group send}
 * through the control socket), as {@link OpenChats} is for 1:1 chats. It also remembers the groups
 * it has seen (from {@link #list()}, invitations and changes) to name them as {@code #name}.
 * Thread-safe.
 */
final class OpenGroups implements ChatListener {
    /** Told of every group text sent through {@link #send}, on the sending thread. */
    interface SendObserver {
        void sending(GroupInfo group, String text, CompletableFuture<GroupDelivery> delivery, boolean fromScript);
    }

    private final ChatClient client;
    private final Map<GroupId, GroupConversation> open = new ConcurrentHashMap<>();
    private final Map<GroupId, GroupInfo> known = new ConcurrentHashMap<>();
    private final List<SendObserver> observers = new CopyOnWriteArrayList<>();

    OpenGroups(ChatClient client) {
        this.client = client;
    }

    void observe(SendObserver observer) {
        observers.add(observer);
    }

    /** This user's groups and invitations, remembered for their names. */
    CompletableFuture<List<GroupInfo>> list() {
        return client.groups().thenApply(groups -> {
            groups.forEach(this::know);
            return groups;
        });
    }

    /**
     * The group {@code ref} names ({@link GroupRefs}), read from the client's list.
     *
     * @throws CliFailure if it names none or several
     */
    GroupInfo resolve(String ref) {
        return GroupRefs.resolve(Clients.await(list()), ref);
    }

    /** {@code #name} of a group seen before, else {@code #} and the first digits of its id. */
    String label(GroupId id) {
        GroupInfo g = known.get(id);
        return g != null ? GroupRefs.label(g) : GroupRefs.MARK + GroupRefs.shortId(id);
    }

    Optional<GroupInfo> known(GroupId id) {
        return Optional.ofNullable(known.get(id));
    }

    /** The open group chat, opened now if there is none. */
    CompletableFuture<GroupConversation> open(GroupId id) {
        GroupConversation existing = open.get(id);
        if (existing != null) {
            return CompletableFuture.completedFuture(existing);
        }
        return client.openGroup(id).thenApply(c -> {
            know(c.info());
            GroupConversation kept = open.putIfAbsent(id, c);
            return kept != null ? kept : c;
        });
    }

    Optional<GroupConversation> get(GroupId id) {
        return Optional.ofNullable(open.get(id));
    }

    /** The groups with an open chat. */
    List<GroupId> openGroups() {
        return List.copyOf(open.keySet());
    }

    /** Sends {@code text} to {@code group}, opening its chat if needed. */
    CompletableFuture<GroupDelivery> send(GroupInfo group, String text, boolean fromScript) {
        CompletableFuture<GroupDelivery> delivery = open(group.id()).thenCompose(c -> c.send(text));
        observers.forEach(o -> o.sending(group, text, delivery, fromScript));
        return delivery;
    }

    /** Leaves the chat view of {@code group} (saving it); the membership stays. */
    CompletableFuture<Void> close(GroupId id) {
        GroupConversation c = open.remove(id);
        return c != null ? c.close() : CompletableFuture.completedFuture(null);
    }

    CompletableFuture<Void> closeAll() {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (GroupId id : openGroups()) {
            all.add(close(id));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    @Override
    public void onGroupInvitation(GroupInvitation invitation) {
        know(invitation.group());
    }

    @Override
    public void onGroupChanged(GroupChange change) {
        know(change.group());
    }

    private void know(GroupInfo g) {
        known.put(g.id(), g);
    }
}
