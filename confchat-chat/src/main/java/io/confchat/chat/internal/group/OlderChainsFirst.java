package io.confchat.chat.internal.group;

import io.confchat.dht.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * Keeps each sender's order across its chains for live messages (docs/architecture.md#group-chats,
 * "Receive"): a live message on a member's newer chain whose hand-over said its chain before went
 * further than this member has read it is held back, the older chain is read from the DHT, and the
 * held messages go on (in iteration order) once it was read that far. Nothing is held forever: at
 * most {@value #MAX_HELD} messages of one chain (one more lets them all go) and for {@link #WAIT}
 * (then they go: the older chain's missing messages, if they ever come, show after them). Only
 * messages signed by their chain are held, one per iteration: a copy of a message held (a replay,
 * from any peer) is dropped, so copies neither fill the limit nor take memory (the one held goes
 * on; a copy that comes after is acknowledged as opened before). Thread-safe.
 */
final class OlderChainsFirst {
    /** The longest a newer chain's live messages wait for its older chain. */
    static final Duration WAIT = Duration.ofSeconds(30);
    /** The most live messages of one chain held back. */
    static final int MAX_HELD = 32;

    /** A message held back, and what to do with it once it may go on. */
    private record Pending(SealedGroupMessage message, Runnable goOn) {}

    private static final class Waiting {
        /** By iteration: one message per iteration of the chain. */
        final NavigableMap<Integer, Pending> messages = new TreeMap<>();

        Scheduler.Cancellable timer = () -> {};
    }

    private final HeldGroups held;
    private final Scheduler clock;
    private final BiFunction<HeldGroup, List<GroupKeys.HeldChain>, CompletableFuture<Void>> readOldestFirst;
    private final Map<String, Waiting> waiting = new HashMap<>();

    /** @param readOldestFirst reads chains of a group from the DHT, oldest first, showing their messages */
    OlderChainsFirst(
            HeldGroups held,
            Scheduler clock,
            BiFunction<HeldGroup, List<GroupKeys.HeldChain>, CompletableFuture<Void>> readOldestFirst) {
        this.held = held;
        this.clock = clock;
        this.readOldestFirst = readOldestFirst;
    }

    /**
     * Holds {@code m} back if its chain waits for an older one of its sender ({@link
     * GroupKeys#waitsForOlder}); {@code goOn} runs once it may go on. A copy of a message held
     * (same chain and iteration) is dropped: its {@code goOn} never runs, the held one's does.
     *
     * @return false when it need not wait ({@code goOn} is not run: the caller goes on)
     */
    boolean holdBack(HeldGroup g, SealedGroupMessage m, Runnable goOn) {
        List<GroupKeys.HeldChain> older;
        synchronized (held) {
            if (!g.keys().waitsForOlder(m.chainId())) {
                return false;
            }
            older = g.keys().olderThan(m.chainId());
        }
        if (!m.isSignedByItsChain()) {
            return false; // forged: nothing is held for it (it will not open)
        }
        String key = HexFormat.of().formatHex(m.chainId());
        boolean first;
        boolean full;
        synchronized (this) {
            Waiting w = waiting.get(key);
            first = w == null;
            if (first) {
                w = new Waiting();
                waiting.put(key, w);
                w.timer = clock.schedule(WAIT, () -> release(g, m.chainId()));
            }
            w.messages.putIfAbsent(m.iteration(), new Pending(m, goOn));
            full = w.messages.size() > MAX_HELD;
        }
        if (full) {
            release(g, m.chainId());
        } else if (first) {
            readOldestFirst.apply(g, older).whenComplete((x, e) -> progress(g));
        }
        return true;
    }

    /** Messages of {@code g}'s chains were read: lets go those whose older chains were read far enough. */
    void progress(HeldGroup g) {
        List<byte[]> ready = new ArrayList<>();
        synchronized (this) {
            if (waiting.isEmpty()) {
                return;
            }
            synchronized (held) {
                for (String key : waiting.keySet()) {
                    byte[] chainId = HexFormat.of().parseHex(key);
                    if (g.keys().heldChain(chainId).isPresent() && !g.keys().waitsForOlder(chainId)) {
                        ready.add(chainId);
                    }
                }
            }
        }
        ready.forEach(chainId -> release(g, chainId));
    }

    /** Lets the messages held of {@code chainId} go on, in iteration order; it waits no more. */
    private void release(HeldGroup g, byte[] chainId) {
        Waiting w;
        synchronized (this) {
            w = waiting.remove(HexFormat.of().formatHex(chainId));
        }
        if (w == null) {
            return;
        }
        w.timer.cancel();
        synchronized (held) {
            g.keys().stopWaiting(chainId);
        }
        w.messages.values().forEach(p -> p.goOn().run());
    }
}
