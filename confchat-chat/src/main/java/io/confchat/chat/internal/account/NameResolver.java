package io.confchat.chat.internal.account;

import io.confchat.api.Dht;
import io.confchat.api.LookupOptions;
import io.confchat.api.ReplicaAnswer;
import io.confchat.api.SignedRecord;
import io.confchat.chat.internal.proto.UserRecord;
import io.confchat.chat.internal.records.Payloads;
import io.confchat.chat.internal.records.RecordKeys;
import java.nio.ByteBuffer;
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

/**
 * Resolves a username to its owner's keys so that no minority of nodes can change the answer: the
 * name's user records are read over disjoint lookup paths from the replicas that proved their ids
 * ({@link Dht#answers}), each replica votes once for every owner it returns, and the owner with
 * the most votes wins. Any other owner is reported in the {@link Resolution}; a tie for the most
 * votes chooses nobody (no key order an attacker could grind for decides). One hostile node near
 * the name, serving a validly signed record under its own key, is one vote against every honest
 * replica's. Thread-safe.
 */
public final class NameResolver {
    private final Dht dht;

    public NameResolver(Dht dht) {
        this.dht = dht;
    }

    /** Who owns {@code username} (normalized). */
    public CompletableFuture<Resolution> resolve(String username) {
        return dht.answers(RecordKeys.user(username), LookupOptions.sensitive())
                .thenApply(answers -> tally(username, answers));
    }

    static Resolution tally(String username, List<ReplicaAnswer> answers) {
        Map<ByteBuffer, UserKeys> owners = new LinkedHashMap<>();
        Map<ByteBuffer, Integer> votes = new LinkedHashMap<>();
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
            return Resolution.unknown();
        }
        List<ByteBuffer> ranked = new ArrayList<>(votes.keySet());
        ranked.sort(Comparator.<ByteBuffer>comparingInt(votes::get)
                .reversed()
                .thenComparing((a, b) -> Arrays.compareUnsigned(a.array(), b.array())));
        ByteBuffer first = ranked.get(0);
        int most = votes.get(first);
        boolean tied = ranked.size() > 1 && votes.get(ranked.get(1)) == most;
        List<Resolution.Rival> others = new ArrayList<>();
        for (ByteBuffer rival : tied ? ranked : ranked.subList(1, ranked.size())) {
            others.add(new Resolution.Rival(owners.get(rival), votes.get(rival)));
        }
        return new Resolution(tied ? Optional.empty() : Optional.of(owners.get(first)), most, others);
    }

    private static UserKeys keys(UserRecord u) {
        return new UserKeys(
                u.getUsername(),
                u.getIdentityKey().toByteArray(),
                u.getInboxKey().toByteArray());
    }
}
