package io.confchat.chat.internal.group;

import io.confchat.api.chat.GroupId;
import io.confchat.dht.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catching up from the DHT (docs/architecture.md#group-chats): for a joined group, the membership
 * epochs above the one held, then every chain held from its first unopened iteration on, opened in
 * iteration order (so each sender's messages show in the order sent) and shown once. Run at login,
 * periodically, when a chain is handed over, and when a live message skips an iteration; the
 * chains are read by {@link ChainReads} (one fetch per chain at a time). A member's chains are
 * read oldest first, and a chain handed over is taken only once the chains before it were read as
 * far as its hand-over says they went ({@link #inTurn}, {@link #before}): a member who was
 * offline across rekeys neither loses a chain dropped before it was read nor shows a newer
 * chain's messages before an older one's. Thread-safe.
 */
public final class GroupCatchUp {
    private static final Logger log = LoggerFactory.getLogger(GroupCatchUp.class);
    private final HeldGroups held;
    private final GroupMembership membership;
    private final GroupSending sending;
    private final GroupArchive archive;
    private final ChainReads reads;
    private final Scheduler clock;
    private final BranchFollower follower;
    private final OlderChainsFirst olderFirst;
    private final BeforeTheirChains early;
    /** Shortest time between two catch-ups of a group for records epochs ahead. */
    static final Duration GAP_CATCH_UP_EVERY = Duration.ofSeconds(30);
    /** Epochs below the head read at each catch-up, to see a fork of the last ones. */
    static final long FORK_WINDOW = GroupRecords.EPOCHS_PER_PAGE;
    /** Deepest fork below the head a record of another branch makes this member read. */
    static final long MAX_FORK_DEPTH = 64;

    /** The last chain hand-over of each member of each group, the next one waits for it. */
    private final Map<String, CompletableFuture<Void>> handOvers = new ConcurrentHashMap<>();

    private final Map<GroupId, GapCatchUp> lastGapCatchUp = new ConcurrentHashMap<>();

    GroupCatchUp(
            HeldGroups held,
            GroupMembership membership,
            GroupSending sending,
            GroupArchive archive,
            GroupLinks links,
            Scheduler clock) {
        this.held = held;
        this.membership = membership;
        this.sending = sending;
        this.archive = archive;
        this.reads = new ChainReads(held, archive::fetch, links);
        this.clock = clock;
        this.follower = new BranchFollower(held, membership, this::lastMessages);
        this.early = new BeforeTheirChains(clock);
        this.olderFirst = new OlderChainsFirst(
                held, clock, (g, chains) -> reads.oneAfterTheOther(g, chains, ChainReads.Turn.NOW));
    }

    /**
     * Puts again the copies of sent messages whose put failed, and catches up every held group;
     * completes when all were read (a failed read is retried next time).
     */
    public CompletableFuture<Void> all() {
        List<CompletableFuture<Void>> each = new ArrayList<>();
        each.add(sending.storeAgain()); // copies of sent messages whose put failed
        for (HeldGroup g : held.all()) {
            each.add(group(g).handle((x, e) -> null));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new));
    }

    /**
     * The membership from a little below the head (so a fork of the last epochs is seen, {@link
     * #FORK_WINDOW}), followed as {@link ForkChoice} chooses; then the chains (only once joined).
     */
    CompletableFuture<Void> group(HeldGroup g) {
        return group(g, g.keys().state().epoch() - FORK_WINDOW);
    }

    private CompletableFuture<Void> group(HeldGroup g, long fromEpoch) {
        return archive.membershipFrom(g.keys().state().groupId(), Math.max(0, fromEpoch), -1)
                .thenCompose(records -> follower.follow(g, records))
                .thenCompose(x -> chains(g));
    }

    /**
     * Follows {@code record}, the next link after the head (live or from the inbox): the messages of
     * members it removes are read first (see {@link BranchFollower}).
     */
    CompletableFuture<NameBinding> next(HeldGroup g, SignedGroupState record) {
        SignedGroupState head;
        synchronized (held) {
            head = g.keys().membershipHead();
        }
        return follower.follow(g, new ForkChoice.Branch(head, List.of(record)));
    }

    /**
     * {@link #group} for a membership record that is not the next link but may be of another branch
     * or ahead (signed by its signer, a member of the head: a {@link MembershipCheck#GAP}, {@link
     * MembershipCheck#FORK} or {@link MembershipCheck#BROKEN_LINK}), reading from just below its
     * epoch (at most {@link #MAX_FORK_DEPTH} below the head): at most once per group every {@link
     * #GAP_CATCH_UP_EVERY} (each costs lookups), so a member sending such records cannot make this
     * login flood the DHT.
     */
    CompletableFuture<Void> afterGap(HeldGroup g, long recordEpoch) {
        long now = clock.now().toEpochMilli();
        long head = g.keys().state().epoch();
        long from = Math.max(head - MAX_FORK_DEPTH, Math.min(head - FORK_WINDOW, recordEpoch - 1));
        CompletableFuture<Void> started = new CompletableFuture<>();
        GapCatchUp latest = lastGapCatchUp.compute(
                g.id(),
                (id, last) -> last == null || now - last.atMillis() >= GAP_CATCH_UP_EVERY.toMillis()
                        ? new GapCatchUp(now, started)
                        : last);
        if (latest.done() == started) {
            group(g, from).whenComplete((x, e) -> started.complete(null));
        }
        // within the limit: wait for the one running (what came with the record needs its epochs)
        return latest.done();
    }

    /** The last catch-up started by {@link #afterGap}: when, and its completion. */
    private record GapCatchUp(long atMillis, CompletableFuture<Void> done) {}

    /**
     * Shows the messages of the chains held of {@code shownUpTo}'s owners (members a change is about
     * to remove), each only if sent up to its owner's limit; for {@link BranchFollower}.
     */
    private CompletableFuture<Void> lastMessages(HeldGroup g, Map<String, Long> shownUpTo) {
        if (!g.joined() || shownUpTo.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Void>> each = new ArrayList<>();
        for (GroupKeys.HeldChain c : reads.heldChains(g)) {
            Long upTo = shownUpTo.get(HexFormat.of().formatHex(c.owner()));
            if (upTo != null) {
                each.add(reads.fetch(c.chainId(), c.firstUnopened())
                        .thenAccept(messages -> messages.forEach(m -> reads.open(g, m, true, upTo)))
                        .handle((x, e) -> null));
            }
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new));
    }

    /** Every chain of {@code g} held, from its first unopened iteration; each member's oldest first. */
    CompletableFuture<Void> chains(HeldGroup g) {
        if (!g.joined()) {
            return CompletableFuture.completedFuture(null);
        }
        Map<String, List<GroupKeys.HeldChain>> byOwner = new LinkedHashMap<>();
        for (GroupKeys.HeldChain c : reads.heldChains(g)) {
            byOwner.computeIfAbsent(HexFormat.of().formatHex(c.owner()), o -> new ArrayList<>())
                    .add(c);
        }
        List<CompletableFuture<Void>> each = new ArrayList<>();
        byOwner.values().forEach(chains -> each.add(reads.oneAfterTheOther(g, chains, ChainReads.Turn.IN_TURN)));
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new));
    }

    /**
     * Before {@code owner} hands over the chain {@code handedOver}, whose hand-over says {@code previousLength} messages
     * went on its chain before: its chains held, oldest first, when the newest of them was not read
     * that far (a member online all along has read them live: nothing fetched).
     */
    CompletableFuture<Void> before(HeldGroup g, byte[] owner, byte[] handedOver, int previousLength) {
        List<GroupKeys.HeldChain> chains = reads.heldChains(g);
        if (chains.stream().anyMatch(c -> java.util.Arrays.equals(c.chainId(), handedOver))) {
            return CompletableFuture.completedFuture(null); // taken before: nothing to wait for
        }
        List<GroupKeys.HeldChain> older = chains.stream()
                .filter(c -> java.util.Arrays.equals(c.owner(), owner))
                .toList();
        int readOfNewest = older.stream()
                .max(Comparator.comparingLong(GroupKeys.HeldChain::epoch))
                .map(GroupKeys.HeldChain::firstUnopened)
                .orElse(Integer.MAX_VALUE);
        return readOfNewest < previousLength
                ? reads.oneAfterTheOther(g, older, ChainReads.Turn.IN_TURN)
                : CompletableFuture.completedFuture(null);
    }

    /**
     * Runs {@code handOver} once the hand-overs of {@code owner}'s chains in {@code g} that came
     * before it are done, so that they are taken (and their chains read) in the order they came.
     *
     * @return completes as {@code handOver} did (the next hand-over goes on either way)
     */
    CompletableFuture<Void> inTurn(HeldGroup g, byte[] owner, Supplier<CompletableFuture<Void>> handOver) {
        String key = g.id() + "/" + HexFormat.of().formatHex(owner);
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> previous = handOvers.put(key, done);
        CompletableFuture<Void> result = (previous == null ? CompletableFuture.<Void>completedFuture(null) : previous)
                .thenCompose(x -> handOver.get());
        result.whenComplete((x, e) -> {
            handOvers.remove(key, done);
            done.complete(null); // the next hand-over goes on whatever became of this one
        });
        return result;
    }

    /**
     * Holds a live message back while its chain waits for its sender's older chain ({@link
     * OlderChainsFirst}); {@code goOn} runs once it may go on.
     *
     * @return false when it need not wait ({@code goOn} is not run)
     */
    boolean holdBack(HeldGroup g, SealedGroupMessage m, Runnable goOn) {
        return olderFirst.holdBack(g, m, goOn);
    }

    /** Messages of {@code g} were opened live: held-back messages whose older chains were read go on. */
    void progress(HeldGroup g) {
        olderFirst.progress(g);
    }

    /**
     * One chain, from its first unopened iteration, in its turn ({@link ChainReads}); while a fetch
     * of it is running or waiting, that one.
     */
    CompletableFuture<Void> chain(HeldGroup g, byte[] chainId) {
        return reads.chain(g, chainId, -1, ChainReads.Turn.IN_TURN);
    }

    /**
     * A live message of a chain not held yet, from {@code peer}: held until the chain is taken
     * ({@link BeforeTheirChains}, {@link #chainTaken}), and once the chain comes its read goes
     * first ({@link ChainReads#awaited}).
     */
    BeforeTheirChains.Outcome cameBeforeItsChain(HeldGroup g, String peer, SealedGroupMessage m) {
        BeforeTheirChains.Outcome outcome = early.hold(g.id(), peer, m);
        if (outcome != BeforeTheirChains.Outcome.FORGED) { // a forged one moves nothing ahead
            reads.awaited(m.chainId());
        }
        return outcome;
    }

    /** The chain {@code chainId} of {@code g} was taken: the live messages that came before it, oldest first. */
    List<BeforeTheirChains.Early> chainTaken(HeldGroup g, byte[] chainId) {
        return early.taken(g.id(), chainId);
    }

    /** How many live messages of the group {@code id} wait for their chains now (tests, diagnostics). */
    int heldBeforeTheirChains(GroupId id) {
        return early.heldFor(id);
    }

    /**
     * The chain a live message skipped ahead on, to iteration {@code upTo}: read at once (a fetch
     * of it waiting its turn starts now), since the message waits for it.
     */
    CompletableFuture<Void> skippedTo(HeldGroup g, byte[] chainId, int upTo) {
        return reads.chain(g, chainId, upTo, ChainReads.Turn.NOW);
    }

    /** The most chain fetches that ran at once in this login ({@link ChainReads#FETCHES_AT_ONCE}). */
    int chainFetchesMostAtOnce() {
        return reads.mostAtOnce();
    }

    /**
     * Opens and shows one message of a chain held; true when it opened (shown now, or shown before
     * and recognised by the links' de-duplication).
     */
    boolean open(HeldGroup g, SealedGroupMessage m, boolean viaCatchUp) {
        return reads.open(g, m, viaCatchUp, Long.MAX_VALUE);
    }

    /** The same, showing it only if its sender says it was sent up to {@code shownUpTo} (millis). */
    boolean open(HeldGroup g, SealedGroupMessage m, boolean viaCatchUp, long shownUpTo) {
        return reads.open(g, m, viaCatchUp, shownUpTo);
    }

    /**
     * Reads once the chain of a member removed since, handed over for an epoch before its removal
     * (it reached this member only after the removal was applied, see {@link FormerMembers}): its
     * messages in the DHT from the iteration handed over, each shown if its sender says it was sent
     * up to the removal; then the chain is marked read and forgotten. A chain that comes after
     * {@link FormerMembers#LATE_WINDOW} is refused: the removed member may have minted it since.
     * Fails when the DHT could not be read (the chain is not marked read: the item that carried it
     * comes again).
     */
    CompletableFuture<Void> formerChain(HeldGroup g, GroupKeys.FormerChain c) {
        if (!g.joined()) {
            return CompletableFuture.completedFuture(null);
        }
        if (clock.now().toEpochMilli() > c.lateUntilMillis()) {
            log.debug("a late chain of a former member refused: it came after the window");
            return CompletableFuture.completedFuture(null);
        }
        byte[] chainId = c.chain().chainId();
        return reads.fetch(chainId, c.chain().nextIteration()).thenAccept(messages -> {
            for (SealedGroupMessage m : messages) {
                if (c.chain().open(m) instanceof ReceivingChain.Opened.Text t
                        && t.text().sentAtMillis() <= c.shownUpToMillis()) {
                    reads.show(g, c.owner(), t.text(), true);
                }
            }
            synchronized (held) {
                g.keys().formerChainRead(c.owner(), chainId);
                if (held.holds(g.id())) {
                    held.keep(g);
                }
            }
        });
    }
}
