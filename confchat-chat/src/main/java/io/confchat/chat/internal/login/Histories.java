package io.confchat.chat.internal.login;

import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.MessageId;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.device.DeviceState;
import io.confchat.chat.internal.history.HistoryStore;
import io.confchat.chat.internal.runtime.LoginSettings;
import io.confchat.dht.time.Scheduler;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** The history writers of one login, one per peer, over the device's unsaved messages. Thread-safe. */
final class Histories {
    private final HistoryStore store;
    private final Scheduler scheduler;
    private final LoginSettings settings;
    private final Account me;
    private final DeviceState device;
    /** How many of the newest saved messages are checked for a text that comes back. */
    static final int RECENT_FOR_DUPLICATES = 2_000;

    private final Map<String, HistoryWriter> writers = new ConcurrentHashMap<>();

    Histories(HistoryStore store, Scheduler scheduler, LoginSettings settings, Account me, DeviceState device) {
        this.store = store;
        this.scheduler = scheduler;
        this.settings = settings;
        this.me = me;
        this.device = device;
    }

    /** The conversation with {@code peer}: the saved history and what this device has not saved yet. */
    CompletableFuture<List<ChatMessage>> read(String peer) {
        List<ChatMessage> unsaved = device.unsaved(peer).snapshot();
        return store.read(me, peer).thenApply(saved -> {
            List<ChatMessage> all = new ArrayList<>(saved);
            unsaved.stream()
                    .filter(u -> saved.stream()
                            .noneMatch(m -> m.id().equals(u.id()) && m.from().equals(u.from())))
                    .forEach(all::add);
            return all;
        });
    }

    /** Adds a message of the conversation with {@code peer}; it is saved as the writer sees fit. */
    void add(String peer, ChatMessage m) {
        writer(peer).add(m);
    }

    /** Adds messages of the conversation with {@code peer}, in order. */
    void addAll(String peer, List<ChatMessage> messages) {
        HistoryWriter w = writer(peer);
        messages.forEach(w::add);
    }

    /** Saves what is waiting for {@code peer}; true when all of it was saved. */
    CompletableFuture<Boolean> flush(String peer) {
        return writer(peer).flush();
    }

    /** Saves what is waiting for every peer, including what an earlier login on this device left. */
    CompletableFuture<Void> flushAll() {
        List<CompletableFuture<Boolean>> all = new ArrayList<>();
        for (String peer : device.peersWithUnsaved()) {
            all.add(flush(peer));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /**
     * The ids of the messages from {@code peer} among the newest saved ones with {@code peer}
     * (a few chunks' worth: enough to recognise a text that comes back soon after it was saved).
     */
    CompletableFuture<Set<MessageId>> savedIds(String peer) {
        return store.recent(me, peer, RECENT_FOR_DUPLICATES).handle((saved, error) -> {
            Set<MessageId> ids = new HashSet<>();
            if (saved != null) {
                saved.stream().filter(m -> m.from().equals(peer)).forEach(m -> ids.add(m.id()));
            }
            return ids; // unreadable history: this device's memory still guards
        });
    }

    /**
     * The newest saved messages of the conversation {@code name} ({@value #RECENT_FOR_DUPLICATES}
     * at most), each as its sender's name and id ({@link #senderAndId}): what another device showed.
     */
    CompletableFuture<Set<String>> savedSenderIds(String name) {
        return store.recent(me, name, RECENT_FOR_DUPLICATES).handle((saved, error) -> {
            Set<String> out = new HashSet<>();
            if (saved != null) {
                saved.forEach(m -> out.add(senderAndId(m.from(), m.id())));
            }
            return out; // unreadable history: this device's memory still guards
        });
    }

    /** A message as {@link #savedSenderIds} names it. */
    static String senderAndId(String from, MessageId id) {
        return from + "/" + id;
    }

    void stopAll() {
        writers.values().forEach(HistoryWriter::stop);
    }

    private HistoryWriter writer(String peer) {
        return writers.computeIfAbsent(
                peer, p -> new HistoryWriter(store, scheduler, settings, me, p, device.unsaved(p)));
    }
}
