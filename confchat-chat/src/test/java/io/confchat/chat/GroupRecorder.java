package io.confchat.chat;

import io.confchat.api.chat.ChatListener;
import io.confchat.api.chat.GroupChange;
import io.confchat.api.chat.GroupDelivery;
import io.confchat.api.chat.GroupInvitation;
import io.confchat.api.chat.GroupMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers every group event of one client, for tests to assert on. */
final class GroupRecorder implements ChatListener {
    final List<GroupMessage> messages = new CopyOnWriteArrayList<>();
    final List<GroupInvitation> invitations = new CopyOnWriteArrayList<>();
    final List<GroupChange> changes = new CopyOnWriteArrayList<>();
    final List<GroupDelivery> deliveries = new CopyOnWriteArrayList<>();

    @Override
    public void onGroupMessage(GroupMessage message) {
        messages.add(message);
    }

    @Override
    public void onGroupInvitation(GroupInvitation invitation) {
        invitations.add(invitation);
    }

    @Override
    public void onGroupChanged(GroupChange change) {
        changes.add(change);
    }

    @Override
    public void onGroupDelivery(GroupDelivery delivery) {
        deliveries.add(delivery);
    }

    /** "sender: text" of every message shown, in order. */
    List<String> shown() {
        return messages.stream().map(m -> m.from() + ": " + m.text()).toList();
    }
}
