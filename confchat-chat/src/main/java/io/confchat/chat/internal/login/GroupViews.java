package io.confchat.chat.internal.login;

import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.ChatSummary;
import io.confchat.api.chat.GroupId;
import io.confchat.api.chat.GroupInfo;
import io.confchat.api.chat.GroupMessage;
import io.confchat.chat.internal.history.GroupEntries;
import io.confchat.chat.internal.proto.GroupEntry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The group conversations one login shows: the open ones (with their windows); per group the last
 * activity and the messages received while it was not open (unread) go to the user's chat list
 * ({@link GroupListUpdates}), so they outlive the login and show on any node. A group message is
 * kept in the history as a {@link ChatMessage} of the conversation named {@link #historyName} (not
 * a username, so it never meets a 1:1 conversation). Thread-safe.
 */
final class GroupViews {
    private static final String PREFIX = "group:";

    private final int window;
    private final String self;
    private final GroupListUpdates list;
    private final Map<GroupId, OpenGroup> open = new ConcurrentHashMap<>();

    /** @param self the user logged in: the recipient of every group message in its history */
    GroupViews(int window, String self, GroupListUpdates list) {
        this.window = window;
        this.self = self;
        this.list = list;
    }

    /** The chat list's group entries of this login. */
    GroupListUpdates list() {
        return list;
    }

    /** The history's name for a group's conversation. */
    static String historyName(GroupId id) {
        return PREFIX + id;
    }

    /** A group message as its history keeps it: from its sender, to this user (a username, as histories hold). */
    ChatMessage toHistory(GroupMessage m) {
        return new ChatMessage(m.id(), m.from(), self, m.sentAt(), m.text(), m.viaCatchUp());
    }

    static GroupMessage fromHistory(GroupId id, ChatMessage m) {
        return new GroupMessage(id, m.id(), m.from(), m.sentAt(), m.text(), m.viaInbox());
    }

    Optional<OpenGroup> get(GroupId id) {
        return Optional.ofNullable(open.get(id));
    }

    /** The open conversation of {@code id}, made by {@code create} if none is open; reading resets unread. */
    OpenGroup open(GroupId id, java.util.function.Function<Integer, OpenGroup> create) {
        OpenGroup g = open.computeIfAbsent(id, x -> create.apply(window));
        list.opened(id);
        return g;
    }

    void closed(GroupId id, OpenGroup g) {
        open.remove(id, g);
    }

    /** A message of the group, received or sent: into the open window, or counted unread. */
    void add(GroupMessage m, boolean received) {
        OpenGroup g = open.get(m.group());
        if (g != null) {
            g.window().add(toHistory(m));
        }
        list.activity(m.group(), received && g == null);
    }

    /**
     * The chat list entries of the held {@code groups}, from the chat list's group entries ({@code
     * stored}) with what waits to be written.
     */
    List<ChatSummary> summaries(List<GroupInfo> groups, Map<String, GroupEntry> stored) {
        Map<String, GroupEntry> entries = list.view(stored);
        return groups.stream()
                .map(g -> {
                    GroupEntry e = entries.get(GroupEntries.keyOf(g.id().toBytes()));
                    return e == null
                            ? new ChatSummary(g.name(), Instant.EPOCH, 0, Optional.of(g.id()))
                            : new ChatSummary(
                                    g.name(),
                                    Instant.ofEpochMilli(e.getLastActivityMillis()),
                                    e.getUnread(),
                                    Optional.of(g.id()));
                })
                .toList();
    }

    List<OpenGroup> all() {
        return List.copyOf(open.values());
    }
}
