package io.confchat.chat.internal.group;

import io.confchat.api.chat.GroupMessage;
import io.confchat.chat.internal.account.LookupSlots;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reading a group's chains from the DHT and showing what opens ({@link GroupCatchUp} decides when
 * and which): one fetch per chain at a time (a second caller waits for the running or waiting
 * one), a member's chains oldest first, each from its first unopened iteration, its messages
 * opened in iteration order and shown once.
 *
 * <p>At most {@value #FETCHES_AT_ONCE} chain fetches of this login run at once ({@link
 * LookupSlots}); more wait their turn in the order they came: a catch-up round, a login or a
 * removal reads up to two chains of each of 99 members, and started together (a hundred clients
 * in one process, all their rounds at once) their replies queued past the RPC timeouts. What a
 * live message waits for ({@link Turn#NOW}: a chain it skipped ahead on, an older chain its newer
 * one waits for) starts at once, and a fetch of that chain waiting its turn starts with it.
 * Thread-safe.
 */
final class ChainReads {
    /** The most chain fetches of one login running at once, but for those started {@link Turn#NOW}. */
    static final int FETCHES_AT_ONCE = 8;

    /** When a chain fetch starts. */
    enum Turn {
        /** At once, over the bound if need be: a live message waits for it. */
        NOW,
        /** When one of the {@value #FETCHES_AT_ONCE} slots is free (rounds, logins, hand-overs). */
        IN_TURN
    }

    /** Where a chain's pages come from: {@link GroupArchive#fetch(byte[], int, int)}. */
    interface Pages {
        CompletableFuture<List<SealedGroupMessage>> fetch(byte[] chainId, int from, int upTo);
    }

    private final HeldGroups held;
    private final Pages pages;
    private final GroupLinks links;
    private final LookupSlots slots = new LookupSlots(FETCHES_AT_ONCE);

    /** The running or waiting fetch of each chain (by chain id). */
    private final Map<String, Fetch> fetching = new ConcurrentHashMap<>();

    /**
     * Chains a live message came on before they were held (dropped then): their first read starts
     * at once. At a removal the admin's next message reaches each member before most of the 97 new
     * chains were taken; in turn, its chain's read waited behind up to 96 others.
     */
    private final Set<String> awaited = ConcurrentHashMap.newKeySet();

    /** At most this many chains are remembered in {@link #awaited}; past it, the memory starts over. */
    static final int MAX_AWAITED = 1_024;

    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    ChainReads(HeldGroups held, Pages pages, GroupLinks links) {
        this.held = held;
        this.pages = pages;
        this.links = links;
    }

    /** {@code chains} of {@code g}, oldest first, each read once the one before was (or failed). */
    CompletableFuture<Void> oneAfterTheOther(HeldGroup g, List<GroupKeys.HeldChain> chains, Turn turn) {
        List<GroupKeys.HeldChain> oldestFirst = chains.stream()
                .sorted(Comparator.comparingLong(GroupKeys.HeldChain::epoch))
                .toList();
        CompletableFuture<Void> read = CompletableFuture.completedFuture(null);
        for (GroupKeys.HeldChain c : oldestFirst) {
            read = read.handle((x, e) -> null).thenCompose(x -> chain(g, c.chainId(), -1, turn));
        }
        return read;
    }

    /**
     * One chain, from its first unopened iteration (as it stands when the fetch starts), reading
     * pages at least up to iteration {@code upTo} (known to exist; -1 if none); while a fetch of it
     * is running or waiting, that one ({@link Turn#NOW} starts a waiting one at once).
     */
    CompletableFuture<Void> chain(HeldGroup g, byte[] chainId, int upTo, Turn turn) {
        String key = HexFormat.of().formatHex(chainId);
        if (!g.joined()) {
            return CompletableFuture.completedFuture(null);
        }
        if (awaited.remove(key)) {
            turn = Turn.NOW;
        }
        Fetch mine = new Fetch(g, chainId, key, upTo);
        Fetch before = fetching.putIfAbsent(key, mine);
        Fetch f = before == null ? mine : before;
        f.atLeastUpTo(upTo);
        if (turn == Turn.NOW) {
            slots.runNow(f::start); // a waiting fetch starts now; its turn later starts nothing
        } else if (before == null) {
            slots.run(f::start);
        }
        return f.done;
    }

    /** One fetch of a chain: started once, by its turn or by a caller that cannot wait. */
    private final class Fetch {
        private final HeldGroup g;
        private final byte[] chainId;
        private final String key;
        private final AtomicBoolean started = new AtomicBoolean();
        private final AtomicInteger upTo;
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Fetch(HeldGroup g, byte[] chainId, String key, int upTo) {
            this.g = g;
            this.chainId = chainId;
            this.key = key;
            this.upTo = new AtomicInteger(upTo);
        }

        void atLeastUpTo(int iteration) {
            upTo.accumulateAndGet(iteration, Math::max);
        }

        /** Reads the chain unless started before; completes when read (the slot is held until then). */
        CompletableFuture<Void> start() {
            if (!started.compareAndSet(false, true)) {
                return CompletableFuture.completedFuture(null);
            }
            int from = held.firstUnopened(g, chainId);
            if (from < 0) {
                fetching.remove(key, this);
                done.complete(null);
                return done;
            }
            counted(pages.fetch(chainId, from, upTo.get()))
                    .thenAccept(messages -> {
                        messages.forEach(m -> open(g, m, true, Long.MAX_VALUE));
                        if (!messages.isEmpty() && held.holds(g.id())) {
                            // a restart need not fetch these again (they would show once anyway)
                            held.keepPosition(g, chainId);
                        }
                    })
                    .whenComplete((x, e) -> {
                        fetching.remove(key, this);
                        if (e == null) {
                            done.complete(null);
                        } else {
                            done.completeExceptionally(e);
                        }
                    });
            return done.handle((x, e) -> null);
        }
    }

    /** A live message came on chain {@code chainId} before it was held: its first read goes at once. */
    void awaited(byte[] chainId) {
        if (awaited.size() >= MAX_AWAITED) {
            awaited.clear();
        }
        awaited.add(HexFormat.of().formatHex(chainId));
    }

    /** A fetch of the DHT, counted while it runs ({@link #mostAtOnce}). */
    private <T> CompletableFuture<T> counted(CompletableFuture<T> fetch) {
        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
        return fetch.whenComplete((x, e) -> running.decrementAndGet());
    }

    /** The most chain fetches of the DHT that ran at once in this login (tests and diagnostics). */
    int mostAtOnce() {
        return mostAtOnce.get();
    }

    /**
     * The messages of a chain in the DHT from iteration {@code from}, fetched in turn (a chain read
     * outside {@link #chain}: a removed member's last messages, a late chain).
     */
    CompletableFuture<List<SealedGroupMessage>> fetch(byte[] chainId, int from) {
        return slots.run(() -> counted(pages.fetch(chainId, from, -1)));
    }

    /**
     * Opens and shows one message of a chain held if its sender says it was sent up to {@code
     * shownUpTo} (millis); true when it opened (shown now, or shown before and recognised by the
     * links' de-duplication).
     */
    boolean open(HeldGroup g, SealedGroupMessage m, boolean viaCatchUp, long shownUpTo) {
        GroupKeys.Received r;
        synchronized (held) {
            r = g.keys().open(m);
        }
        if (!(r instanceof GroupKeys.Received.Text t) || t.text().sentAtMillis() > shownUpTo) {
            return false;
        }
        show(g, t.sender(), t.text(), viaCatchUp);
        return true;
    }

    /** Shows {@code text} of {@code sender} (the links de-duplicate). */
    void show(HeldGroup g, byte[] sender, GroupText text, boolean viaCatchUp) {
        String from;
        synchronized (held) {
            from = g.nameOf(sender).orElse("?");
        }
        links.show(
                new GroupMessage(
                        g.id(), text.id(), from, Instant.ofEpochMilli(text.sentAtMillis()), text.text(), viaCatchUp),
                sender);
    }

    /** The chains of {@code g} held now. */
    List<GroupKeys.HeldChain> heldChains(HeldGroup g) {
        synchronized (held) {
            return g.keys().heldChains();
        }
    }
}
