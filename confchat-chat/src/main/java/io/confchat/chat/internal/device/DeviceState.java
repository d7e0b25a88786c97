package io.confchat.chat.internal.device;

import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.MessageId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one device remembers of one user between logins: the messages shown (so none is shown
 * twice) and those not yet in the saved history. It outlives a login; with a data directory it
 * outlives the process ({@link DeviceJournal}: every change is written as it happens, and made
 * durable at each {@link #sync}); in the test network it outlives a crash of the client as a disk
 * would; otherwise it lives as long as the process. Thread-safe.
 */
public final class DeviceState {
    /**
     * Longest state of one group {@link #saveGroup} takes (the device journal reads no longer one):
     * room for the largest state the group code keeps (a group of 100 members, 2 chains of each with
     * their kept skipped keys).
     */
    public static final int MAX_GROUP_STATE_BYTES = 576 * 1024;

    private final long maxUnsavedBytes;
    private final Forward log = new Forward();
    private final SeenMessages seen = new SeenMessages(log);
    private final Map<String, UnsavedHistory> unsaved = new ConcurrentHashMap<>();
    private final Map<String, byte[]> groups = new ConcurrentHashMap<>();

    /** @param maxUnsavedBytes most bytes waiting to be saved per conversation */
    public DeviceState(long maxUnsavedBytes) {
        this.maxUnsavedBytes = maxUnsavedBytes;
    }

    public SeenMessages seen() {
        return seen;
    }

    /** The unsaved messages of the conversation with {@code peer}. */
    public UnsavedHistory unsaved(String peer) {
        return unsaved.computeIfAbsent(peer, p -> new UnsavedHistory(maxUnsavedBytes, p, log));
    }

    /**
     * Remembers the state of a group (its keys and membership, encoded by the group code), in place
     * of the one before; an empty state forgets the group. Durable at the next {@link #sync}.
     *
     * @throws IllegalArgumentException for a state longer than {@link #MAX_GROUP_STATE_BYTES}
     *     (nothing is remembered: the caller's state stays as it was saved last)
     */
    public void saveGroup(String group, byte[] state) {
        if (state.length > MAX_GROUP_STATE_BYTES) {
            // refused before anything changes: the journal would stop reading at such an entry
            throw new IllegalArgumentException(
                    "group state of " + state.length + " bytes, over " + MAX_GROUP_STATE_BYTES);
        }
        if (state.length == 0) {
            groups.remove(group);
        } else {
            groups.put(group, state.clone());
        }
        log.group(group, state);
    }

    /** The state of every group remembered, by group. */
    public Map<String, byte[]> groups() {
        Map<String, byte[]> out = new java.util.HashMap<>();
        groups.forEach((g, s) -> out.put(g, s.clone()));
        return out;
    }

    /** Peers whose conversation has messages waiting to be saved. */
    public Set<String> peersWithUnsaved() {
        Set<String> out = ConcurrentHashMap.newKeySet();
        unsaved.forEach((peer, u) -> {
            if (!u.isEmpty()) {
                out.add(peer);
            }
        });
        return out;
    }

    /**
     * Makes every change so far durable (a no-op without a data directory): called before a
     * message is shown, so that a message once shown is never shown again, and before it is
     * acknowledged.
     */
    public void sync() {
        log.sync();
    }

    /** From now on every change goes to {@code target} as well. */
    void writeTo(DeviceLog target) {
        log.target = target;
    }

    /** Applies an entry read from a journal (nothing is written). */
    void apply(JournalEntry e) {
        if (e instanceof JournalEntry.Seen s) {
            seen.add(s.senderKey(), s.id());
        } else if (e instanceof JournalEntry.OfConversation c) {
            unsaved(c.peer()).apply(c);
        } else if (e instanceof JournalEntry.GroupState g) {
            if (g.state().length == 0) {
                groups.remove(g.group());
            } else {
                groups.put(g.group(), g.state());
            }
        }
    }

    /** This memory as journal entries: what a compacted journal holds. */
    List<JournalEntry> entries() {
        List<JournalEntry> out = new ArrayList<>();
        unsaved.values().forEach(u -> out.addAll(u.entries())); // empty ones too: where their marks go on
        seen.forEach((key, id) -> out.add(new JournalEntry.Seen(key, id)));
        groups.forEach((g, s) -> out.add(new JournalEntry.GroupState(g, s)));
        return out;
    }

    /** Passes every change on to the log set last: none while a journal is read back. */
    private static final class Forward implements DeviceLog {
        private volatile DeviceLog target = DeviceLog.NONE;

        @Override
        public void seen(byte[] senderKey, MessageId id) {
            target.seen(senderKey, id);
        }

        @Override
        public void unsaved(String peer, ChatMessage message) {
            target.unsaved(peer, message);
        }

        @Override
        public void saved(String peer, long mark) {
            target.saved(peer, mark);
        }

        @Override
        public void group(String group, byte[] state) {
            target.group(group, state);
        }

        @Override
        public void sync() {
            target.sync();
        }
    }
}
