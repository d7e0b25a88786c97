package io.confchat.chat.internal.device;

import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.MessageId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
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

    /**
     * Longest position of one group's chain {@link #saveGroupPosition} takes: room for the largest
     * the group code keeps (a chain read with its newest 64 skipped keys).
     */
    public static final int MAX_GROUP_POSITION_BYTES = 4 * 1024;

    /**
     * Longest chain taken {@link #saveGroupChain} takes: room for the largest the group code keeps
     * (a chain read as handed over, without skipped keys: about 110 bytes).
     */
    public static final int MAX_GROUP_CHAIN_BYTES = 1024;

    /**
     * Most chains taken {@link #saveGroupChain} keeps after a group's state: room for the group
     * code's bound (2 chains of each of 99 other members, then it keeps a whole state).
     */
    public static final int MAX_GROUP_CHAINS = 256;

    private final long maxUnsavedBytes;
    private final Forward log = new Forward();
    private final SeenMessages seen = new SeenMessages(log);
    private final Map<String, UnsavedHistory> unsaved = new ConcurrentHashMap<>();
    /** Each group's state kept last, and the positions of its chains kept since, by chain id (hex). */
    private final Map<String, byte[]> groups = new HashMap<>();

    private final Map<String, Map<String, byte[]>> positions = new HashMap<>();
    /** The chains each group took since its state kept last, in the order taken. */
    private final Map<String, List<Taken>> chains = new HashMap<>();

    private record Taken(byte[] chainId, byte[] chain) {}

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
     * of the state and the positions before; an empty state forgets the group. Durable at the next
     * {@link #sync}.
     *
     * @throws IllegalArgumentException for a state longer than {@link #MAX_GROUP_STATE_BYTES}
     *     (nothing is remembered: the caller's state stays as it was saved last)
     */
    public synchronized void saveGroup(String group, byte[] state) {
        if (state.length > MAX_GROUP_STATE_BYTES) {
            // refused before anything changes: the journal would stop reading at such an entry
            throw new IllegalArgumentException(
                    "group state of " + state.length + " bytes, over " + MAX_GROUP_STATE_BYTES);
        }
        putGroup(group, state.clone());
        log.group(group, state);
    }

    /**
     * Remembers where one chain of a group stands (encoded by the group code), in place of that
     * chain's position before; the group's state stays, and its next {@link #saveGroup} replaces
     * both. A position of a group not remembered is dropped. Durable at the next {@link #sync}.
     *
     * @param chainId the chain's id (32 bytes)
     * @throws IllegalArgumentException for a chain id not of 32 bytes, or a position empty or longer
     *     than {@link #MAX_GROUP_POSITION_BYTES} (nothing is remembered)
     */
    public synchronized void saveGroupPosition(String group, byte[] chainId, byte[] position) {
        if (chainId.length != JournalEntry.CHAIN_ID_BYTES
                || position.length < 1
                || position.length > MAX_GROUP_POSITION_BYTES) {
            // refused before anything changes: the journal would stop reading at such an entry
            throw new IllegalArgumentException("group position of " + position.length + " bytes, over "
                    + MAX_GROUP_POSITION_BYTES + ", or a chain id not of 32 bytes");
        }
        if (putPosition(group, chainId, position.clone())) {
            log.groupPosition(group, chainId, position);
        }
    }

    /**
     * Remembers a chain a group took (encoded by the group code), after the group's state and the
     * chains taken since, and forgets any position of a chain of that id kept before (the chain is
     * taken anew); the group's next {@link #saveGroup} replaces them all. A chain of a group not
     * remembered is dropped. Durable at the next {@link #sync}.
     *
     * @param chainId the chain's id (32 bytes)
     * @throws IllegalArgumentException for a chain id not of 32 bytes, a chain empty or longer than
     *     {@link #MAX_GROUP_CHAIN_BYTES}, or one more than {@link #MAX_GROUP_CHAINS} since the
     *     group's state (nothing is remembered)
     */
    public synchronized void saveGroupChain(String group, byte[] chainId, byte[] chain) {
        if (chainId.length != JournalEntry.CHAIN_ID_BYTES
                || chain.length < 1
                || chain.length > MAX_GROUP_CHAIN_BYTES
                || chains.getOrDefault(group, List.of()).size() >= MAX_GROUP_CHAINS) {
            // refused before anything changes: the journal would stop reading at such an entry
            throw new IllegalArgumentException("group chain of " + chain.length + " bytes, over "
                    + MAX_GROUP_CHAIN_BYTES + ", a chain id not of 32 bytes, or over " + MAX_GROUP_CHAINS
                    + " chains since the group's state");
        }
        if (putChain(group, chainId, chain.clone())) {
            log.groupChain(group, chainId, chain);
        }
    }

    /** The chains {@code group} took since its state, in the order taken. */
    public synchronized List<byte[]> groupChains(String group) {
        return chains.getOrDefault(group, List.of()).stream()
                .map(t -> t.chain().clone())
                .toList();
    }

    /** The state of every group remembered, by group (without the positions kept since). */
    public synchronized Map<String, byte[]> groups() {
        Map<String, byte[]> out = new HashMap<>();
        groups.forEach((g, s) -> out.put(g, s.clone()));
        return out;
    }

    /** The positions of {@code group}'s chains kept since its state, the latest of each chain. */
    public synchronized List<byte[]> groupPositions(String group) {
        return positions.getOrDefault(group, Map.of()).values().stream()
                .map(byte[]::clone)
                .toList();
    }

    private void putGroup(String group, byte[] state) {
        positions.remove(group);
        chains.remove(group);
        if (state.length == 0) {
            groups.remove(group);
        } else {
            groups.put(group, state);
        }
    }

    /** False when the group is not remembered (the position is dropped). */
    private boolean putPosition(String group, byte[] chainId, byte[] position) {
        if (!groups.containsKey(group)) {
            return false;
        }
        positions
                .computeIfAbsent(group, g -> new LinkedHashMap<>())
                .put(HexFormat.of().formatHex(chainId), position);
        return true;
    }

    /** False when the group is not remembered (the chain is dropped). */
    private boolean putChain(String group, byte[] chainId, byte[] chain) {
        if (!groups.containsKey(group)) {
            return false;
        }
        Map<String, byte[]> of = positions.get(group);
        if (of != null) {
            of.remove(HexFormat.of().formatHex(chainId));
        }
        chains.computeIfAbsent(group, g -> new ArrayList<>()).add(new Taken(chainId.clone(), chain));
        return true;
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
            synchronized (this) {
                putGroup(g.group(), g.state());
            }
        } else if (e instanceof JournalEntry.GroupPosition p) {
            synchronized (this) {
                putPosition(p.group(), p.chainId(), p.position());
            }
        } else if (e instanceof JournalEntry.GroupChain c) {
            synchronized (this) {
                if (chains.getOrDefault(c.group(), List.of()).size() < MAX_GROUP_CHAINS) {
                    putChain(c.group(), c.chainId(), c.chain());
                }
            }
        }
    }

    /** This memory as journal entries: what a compacted journal holds. */
    List<JournalEntry> entries() {
        List<JournalEntry> out = new ArrayList<>();
        unsaved.values().forEach(u -> out.addAll(u.entries())); // empty ones too: where their marks go on
        seen.forEach((key, id) -> out.add(new JournalEntry.Seen(key, id)));
        synchronized (this) {
            groups.forEach((g, s) -> {
                out.add(new JournalEntry.GroupState(g, s));
                chains.getOrDefault(g, List.of())
                        .forEach(t -> out.add(new JournalEntry.GroupChain(g, t.chainId(), t.chain())));
                positions
                        .getOrDefault(g, Map.of())
                        .forEach((chain, p) -> out.add(
                                new JournalEntry.GroupPosition(g, HexFormat.of().parseHex(chain), p)));
            });
        }
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
        public void groupPosition(String group, byte[] chainId, byte[] position) {
            target.groupPosition(group, chainId, position);
        }

        @Override
        public void groupChain(String group, byte[] chainId, byte[] chain) {
            target.groupChain(group, chainId, chain);
        }

        @Override
        public void sync() {
            target.sync();
        }
    }
}
