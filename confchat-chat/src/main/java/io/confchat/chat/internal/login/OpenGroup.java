package io.confchat.chat.internal.login;

import io.confchat.api.chat.GroupConversation;
import io.confchat.api.chat.GroupDelivery;
import io.confchat.api.chat.GroupId;
import io.confchat.api.chat.GroupInfo;
import io.confchat.api.chat.GroupMessage;
import io.confchat.chat.internal.group.Groups;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A group conversation the application holds: a view of one group, with the window of recent
 * messages; sending goes to {@link Groups}. Thread-safe.
 */
final class OpenGroup implements GroupConversation {
    private final GroupId id;
    private final Groups groups;
    private final MessageWindow window;
    private final Supplier<CompletableFuture<Void>> onClose;
    private volatile boolean closed;

    OpenGroup(GroupId id, Groups groups, int window, Supplier<CompletableFuture<Void>> onClose) {
        this.id = id;
        this.groups = groups;
        this.window = new MessageWindow(window);
        this.onClose = onClose;
    }

    @Override
    public GroupId group() {
        return id;
    }

    @Override
    public GroupInfo info() {
        return groups.info(id);
    }

    @Override
    public CompletableFuture<GroupDelivery> send(String text) {
        try {
            return groups.send(id, text);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public List<GroupMessage> messages() {
        return window.snapshot().stream()
                .map(m -> GroupViews.fromHistory(id, m))
                .toList();
    }

    @Override
    public CompletableFuture<Void> close() {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        closed = true;
        return onClose.get();
    }

    MessageWindow window() {
        return window;
    }

    @Override
    public String toString() {
        return "GroupConversation[" + id + "]";
    }
}
