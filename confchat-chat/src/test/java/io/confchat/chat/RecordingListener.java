package io.confchat.chat;

import io.confchat.api.chat.ChatListener;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.ClientEvent;
import io.confchat.api.chat.Delivery;
import io.confchat.api.chat.NameConflict;
import io.confchat.api.chat.Presence;
import io.confchat.api.chat.SessionEndReason;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers every event, for tests to assert on. */
final class RecordingListener implements ChatListener {
    final List<ChatMessage> messages = new CopyOnWriteArrayList<>();
    final List<String> chatRequests = new CopyOnWriteArrayList<>();
    final List<String> sessionsEnded = new CopyOnWriteArrayList<>();
    final List<String> typing = new CopyOnWriteArrayList<>();
    final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    final List<Presence> presenceChanges = new CopyOnWriteArrayList<>();
    final List<String> keyChanges = new CopyOnWriteArrayList<>();
    final List<NameConflict> nameConflicts = new CopyOnWriteArrayList<>();
    final List<ClientEvent> clientEvents = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(ChatMessage message) {
        messages.add(message);
    }

    @Override
    public void onChatRequest(String peer) {
        chatRequests.add(peer);
    }

    @Override
    public void onSessionEnded(String peer, SessionEndReason reason) {
        sessionsEnded.add(peer + ": " + reason);
    }

    @Override
    public void onTyping(String peer) {
        typing.add(peer);
    }

    @Override
    public void onDelivery(Delivery delivery) {
        deliveries.add(delivery);
    }

    @Override
    public void onPresenceChanged(Presence presence) {
        presenceChanges.add(presence);
    }

    @Override
    public void onPeerKeyChanged(String peer) {
        keyChanges.add(peer);
    }

    List<String> texts() {
        return messages.stream().map(ChatMessage::text).toList();
    }

    @Override
    public void onClientEvent(ClientEvent event) {
        clientEvents.add(event);
    }

    @Override
    public void onNameConflict(NameConflict conflict) {
        nameConflicts.add(conflict);
    }
}
