package io.confchat.chat.internal.device;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one device remembers of one user between logins: the messages shown (so none is shown
 * twice) and those not yet in the saved history. It outlives a login, and in the test network it
 * outlives a crash of the client as a disk would; without a data directory it lives as long as
 * the process. Thread-safe.
 */
public final class DeviceState {
    private final SeenMessages seen = new SeenMessages();
    private final Map<String, UnsavedHistory> unsaved = new ConcurrentHashMap<>();
    private final long maxUnsavedBytes;

    /** @param maxUnsavedBytes most bytes waiting to be saved per conversation */
    public DeviceState(long maxUnsavedBytes) {
        this.maxUnsavedBytes = maxUnsavedBytes;
    }

    public SeenMessages seen() {
        return seen;
    }

    /** The unsaved messages of the conversation with {@code peer}. */
    public UnsavedHistory unsaved(String peer) {
        return unsaved.computeIfAbsent(peer, p -> new UnsavedHistory(maxUnsavedBytes));
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
}
