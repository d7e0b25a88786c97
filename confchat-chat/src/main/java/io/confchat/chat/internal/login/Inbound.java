package io.confchat.chat.internal.login;

import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.ClientEvent;
import io.confchat.api.chat.MessageId;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.device.DeviceState;
import io.confchat.chat.internal.device.SeenMessages;
import io.confchat.chat.internal.history.ChatActivity;
import io.confchat.chat.internal.inbox.InboxReader;
import io.confchat.chat.internal.runtime.ChatEvents;
import io.confchat.chat.internal.session.SessionEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where every received message goes, live or from the inbox, through one de-duplication keyed by
 * the sender's identity key and the message id ({@link SeenMessages}): each new message is shown
 * once (the open conversation's window, the listeners, in order), added to the history, and
 * counted as unread when no conversation with the sender is open. Live texts are acknowledged to
 * the peer after that, duplicates included (the peer resent them because an ack was lost).
 */
final class Inbound {
    private final DeviceState device;
    private final SeenMessages seen;
    private final Conversations conversations;
    private final Histories histories;
    private final ChatListUpdates chatList;
    private final ChatEvents events;
    private final Pins pins;
    private final LongAdder inboxReceived;
    private final LoginGroups groups;

    Inbound(
            DeviceState device,
            Conversations conversations,
            Histories histories,
            ChatListUpdates chatList,
            ChatEvents events,
            Pins pins,
            LongAdder inboxReceived,
            LoginGroups groups) {
        this.groups = groups;
        this.device = device;
        this.seen = device.seen();
        this.conversations = conversations;
        this.histories = histories;
        this.chatList = chatList;
        this.events = events;
        this.pins = pins;
        this.inboxReceived = inboxReceived;
    }

    /** Texts from a live session. */
    void live(SessionEvent.Received event) {
        List<ChatMessage> fresh = seen.addAll(event.session().peerIdentityKey(), event.texts());
        show(event.session().peer(), fresh, Optional.empty());
        List<MessageId> ids = new ArrayList<>(event.texts().size());
        event.texts().forEach(m -> ids.add(m.id()));
        event.session().acknowledge(ids); // duplicates too: their sender resent them for want of an ack
    }

    /**
     * Messages fetched from the inbox, each with its verified sender. Besides this device's
     * memory, the saved history with each sender is checked: a text shown on another device (or
     * before a logout) and resent to the inbox because its acknowledgement was lost is not shown
     * again. A sender whose key is no longer the pinned one is held back (not shown, not done).
     *
     * @return the arrivals that are done: shown and saved in the history, or found there already;
     *     only these may be acknowledged
     */
    CompletableFuture<List<InboxReader.Arrival>> fromInbox(List<InboxReader.Arrival> arrivals) {
        Map<String, List<InboxReader.Arrival>> bySender = new LinkedHashMap<>();
        List<InboxReader.Arrival> groupItems = new ArrayList<>();
        for (InboxReader.Arrival a : arrivals) {
            if (a.isGroup()) {
                groupItems.add(a); // a group control item: the group code's, never shown as a text
            } else if (pins.trusted(a.sender())) {
                bySender.computeIfAbsent(a.sender().username(), s -> new ArrayList<>())
                        .add(a);
            }
        }
        List<CompletableFuture<List<InboxReader.Arrival>>> done = new ArrayList<>();
        if (!groupItems.isEmpty()) {
            done.add(groups.fromInbox(groupItems));
        }
        bySender.forEach((sender, items) -> done.add(histories.savedIds(sender).thenCompose(savedIds -> {
            UserKeys keys = items.get(0).sender();
            List<ChatMessage> fresh = items.stream()
                    .map(InboxReader.Arrival::message)
                    .filter(m -> !savedIds.contains(m.id()) && seen.add(keys.identityKey(), m.id()))
                    .toList();
            show(sender, fresh, Optional.of(keys));
            if (!fresh.isEmpty()) {
                inboxReceived.add(fresh.size());
                events.emit(l -> l.onClientEvent(new ClientEvent.InboxDelivered(fresh.size())));
            }
            return histories.flush(sender).thenApply(saved -> saved ? items : List.<InboxReader.Arrival>of());
        })));
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).thenApply(x -> {
            List<InboxReader.Arrival> all = new ArrayList<>();
            done.forEach(d -> all.addAll(d.join()));
            return all;
        });
    }

    /** True when this message (by its sender's key and id) was shown already. */
    boolean known(byte[] senderKey, MessageId id) {
        return seen.contains(senderKey, id);
    }

    private void show(String peer, List<ChatMessage> fresh, Optional<UserKeys> inboxSender) {
        if (fresh.isEmpty()) {
            return;
        }
        Optional<OpenConversation> open = conversations.get(peer);
        open.ifPresent(c -> c.window().addAll(fresh));
        histories.addAll(peer, fresh);
        device.sync(); // shown once, even if the process dies the next moment: the journal has it
        events.emit(l -> fresh.forEach(l::onMessage));
        if (open.isEmpty() && inboxSender.isPresent()) {
            chatList.record(inboxSender.get(), new ChatActivity.Unread(fresh.size()));
        } else if (inboxSender.isPresent()) {
            chatList.record(inboxSender.get(), ChatActivity.EXCHANGED);
        }
    }
}
