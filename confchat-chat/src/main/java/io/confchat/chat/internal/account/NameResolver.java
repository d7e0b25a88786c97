package io.confchat.chat.internal.account;

import io.confchat.api.ConfChatException;
import io.confchat.api.Dht;
import io.confchat.api.LookupOptions;
import io.confchat.api.NodeClosedException;
import io.confchat.api.ReplicaAnswer;
import io.confchat.api.SignedRecord;
import io.confchat.chat.internal.proto.UserRecord;
import io.confchat.chat.internal.records.Payloads;
import io.confchat.chat.internal.records.RecordKeys;
import io.confchat.dht.time.Scheduler;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a username to its owner's keys so that no minority of nodes can change the answer: the
 * name's user records are read over disjoint lookup paths from the replicas that proved their ids
 * ({@link Dht#answers}), each replica votes once for every owner it returns, and the owner with
 * the most votes wins, if it has at least {@link #QUORUM} votes (every answering replica's when
 * fewer answered). Any other owner is reported in the {@link Resolution}; a tie for the most votes
 * chooses nobody (no key order an attacker could grind for decides). One hostile node near the
 * name, serving a validly signed record under its own key, is one vote against every honest
 * replica's, and alone cannot claim a name nobody registered.
 *
 * <p>A name is reported as not registered only when replicas answered and none returned a record
 * of it. A leading owner with too few votes, or a read no other node answered, is {@link
 * Resolution.Status#UNCONFIRMED}, not "nobody": replicas that timed out on a loaded network, or
 * that joined near the name and hold no copy yet, say nothing about whether it is registered. Such
 * a read is made once more, {@link #RETRY_AFTER} later (a fresh lookup, after the hand-off of
 * records to new replicas), before it is reported. At most {@link #READS_AT_ONCE} reads run at a
 * time: a burst of them on one node would time out its own replies. Thread-safe.
 */
public final class NameResolver {
    private static final Logger log = LoggerFactory.getLogger(NameResolver.class);
    /** Votes an owner needs: the DHT's value quorum. */
    static final int QUORUM = 3;
    /** How long after an unconfirmed read the one further read starts. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(2);
    /** Reads of one resolver at a time; more wait ({@link LookupSlots}). */
    static final int READS_AT_ONCE = 8;

    private final Dht dht;
    private final Scheduler scheduler;
    private final LookupSlots slots = new LookupSlots(READS_AT_ONCE);

    public NameResolver(Dht dht, Scheduler scheduler) {
        this.dht = dht;
        this.scheduler = scheduler;
    }

    /** Who owns {@code username} (normalized); fails only when the node is closed. */
    public CompletableFuture<Resolution> resolve(String username) {
        return read(username).thenCompose(first -> first.isUnconfirmed() ? later(username) : completed(first));
    }

    private CompletableFuture<Resolution> later(String username) {
        CompletableFuture<Void> waited = new CompletableFuture<>();
        scheduler.schedule(RETRY_AFTER, () -> waited.complete(null));
        return waited.thenCompose(x -> read(username));
    }

    private CompletableFuture<Resolution> read(String username) {
        return slots.run(() -> dht.answers(RecordKeys.user(username), LookupOptions.sensitive()))
                .thenApply(answers -> {
                    Resolution r = tally(username, answers);
                    if (r.owner().isEmpty() && log.isDebugEnabled()) {
                        log.debug(
                                "{}: {} with {} votes of {} answers ({} with records)",
                                username,
                                r.status(),
                                r.votes(),
                                r.answered(),
                                answers.stream()
                                        .filter(a -> !a.records().isEmpty())
                                        .count());
                    }
                    return r;
                })
                .exceptionallyCompose(error -> {
                    Throwable cause =
                            error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    // the lookup reached no replica: nothing is known about the name
                    return cause instanceof ConfChatException && !(cause instanceof NodeClosedException)
                            ? completed(Resolution.unconfirmed(0, 0, List.of()))
                            : CompletableFuture.failedFuture(cause);
                });
    }

    /**
     * Counts the answers. The DHT leaves this node's own empty answer out when others answered
     * ({@link Dht#answers}); every answer here counts, an empty one as a replica holding no record
     * of the name.
     */
    static Resolution tally(String username, List<ReplicaAnswer> answers) {
        Map<ByteBuffer, UserKeys> owners = new LinkedHashMap<>();
        Map<ByteBuffer, Integer> votes = new LinkedHashMap<>();
        int answered = answers.size();
        for (ReplicaAnswer answer : answers) {
            Set<ByteBuffer> votedHere = new HashSet<>();
            for (SignedRecord r : answer.records()) {
                Optional<UserRecord> user =
                        Payloads.user(r).filter(u -> u.getUsername().equals(username));
                if (user.isEmpty()) {
                    continue;
                }
                ByteBuffer owner = ByteBuffer.wrap(r.ownerPublicKey());
                if (votedHere.add(owner)) {
                    owners.putIfAbsent(owner, keys(user.get()));
                    votes.merge(owner, 1, Integer::sum);
                }
            }
        }
        if (votes.isEmpty()) {
            return answered == 0 ? Resolution.unconfirmed(0, 0, List.of()) : Resolution.notRegistered(answered);
        }
        List<ByteBuffer> ranked = new ArrayList<>(votes.keySet());
        ranked.sort(Comparator.<ByteBuffer>comparingInt(votes::get)
                .reversed()
                .thenComparing((a, b) -> Arrays.compareUnsigned(a.array(), b.array())));
        List<Resolution.Rival> all = new ArrayList<>();
        for (ByteBuffer owner : ranked) {
            all.add(new Resolution.Rival(owners.get(owner), votes.get(owner)));
        }
        int most = all.get(0).votes();
        if (all.size() > 1 && all.get(1).votes() == most) {
            return Resolution.tied(most, answered, all);
        }
        if (most < Math.min(QUORUM, answered)) { // Resolution#votesNeeded
            // claimed by too few of the replicas that answered: never anyone's, but not "nobody"
            return Resolution.unconfirmed(most, answered, all);
        }
        return Resolution.owned(all.get(0).keys(), most, answered, all.subList(1, all.size()));
    }

    private static <T> CompletableFuture<T> completed(T value) {
        return CompletableFuture.completedFuture(value);
    }

    private static UserKeys keys(UserRecord u) {
        return new UserKeys(
                u.getUsername(),
                u.getIdentityKey().toByteArray(),
                u.getInboxKey().toByteArray());
    }
}
