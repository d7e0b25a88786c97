package io.confchat.chat.internal.group;

import io.confchat.api.Dht;
import io.confchat.api.DhtKey;
import io.confchat.api.PutResult;
import io.confchat.api.SignedRecord;
import io.confchat.chat.internal.records.DurablePut;
import io.confchat.dht.record.RecordSigner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A group's records in the DHT (docs/architecture.md#group-chats): its membership epochs, and one
 * copy of each message under its chain's pages, from which members who were offline catch up.
 *
 * <pre>
 *   group g:  page 0 = H("group/" + hex(g) + "/0")      epochs 0..2, then page 1: epochs 3..5 ...
 *   chain c:  page 0 = H("group-msg/" + hex(c) + "/0")  iterations 0..63
 *             page 1 = H("group-msg/" + hex(c) + "/1")  iterations 64..127   ...
 *   fetch(c, from, upTo): the page of `from`, then the next one while the page before was full,
 *                         held its last iteration, or was below upTo
 * </pre>
 *
 * Every record read is checked as storing nodes check it ({@link GroupRecordRules}); whether a
 * message opens, and whether an epoch may follow, is for {@link GroupKeys} to decide. Thread-safe
 * as far as {@link Dht} is; it keeps no state.
 */
final class GroupArchive {
    private final Dht dht;

    GroupArchive(Dht dht) {
        this.dht = dht;
    }

    /** Puts an epoch of the membership, signed as a record by the epoch's signer. */
    CompletableFuture<PutResult> publish(byte[] membershipPayload, RecordSigner signer) {
        SignedGroupState s = GroupStates.decode(membershipPayload)
                .orElseThrow(() -> new IllegalArgumentException("not a membership record"));
        long epoch = s.state().epoch();
        SignedRecord record = signer.sign(
                GroupRecords.membershipPage(s.state().groupId(), epoch),
                GroupRecords.MEMBERSHIP_TYPE,
                GroupRecords.epochSlot(epoch),
                epoch,
                GroupRecords.MEMBERSHIP_TTL.toSeconds(),
                membershipPayload);
        return DurablePut.put(dht, record);
    }

    /**
     * The group's membership records from epoch {@code from} on, in epoch order (several of one
     * epoch when admins forked it; the caller settles that with {@link ForkChoice}). Reads the page
     * of {@code from}, then each next page while the one before held a record of its last epoch;
     * the pages up to {@code knownUpTo} (an epoch known to exist, -1 if none) are read at once.
     */
    CompletableFuture<List<SignedGroupState>> membershipFrom(byte[] groupId, long from, long knownUpTo) {
        long first = Math.max(0, from) / GroupRecords.EPOCHS_PER_PAGE;
        long known = Math.max(first, knownUpTo / GroupRecords.EPOCHS_PER_PAGE);
        List<CompletableFuture<List<SignedGroupState>>> pages = new ArrayList<>();
        for (long p = first; p <= known && p - first < MAX_PAGES_AT_ONCE; p++) {
            pages.add(membershipPage(groupId, p));
        }
        long last = first + pages.size() - 1;
        return CompletableFuture.allOf(pages.toArray(CompletableFuture[]::new))
                .thenCompose(x -> {
                    List<SignedGroupState> found = new ArrayList<>();
                    pages.forEach(p -> found.addAll(p.join()));
                    return membershipPagesAfter(groupId, last, found);
                })
                .thenApply(found -> found.stream()
                        .filter(s -> s.state().epoch() >= from)
                        .sorted(Comparator.comparingLong(s -> s.state().epoch()))
                        .toList());
    }

    /**
     * The membership record of {@code epoch} whose hash is {@code hash} (what a hand-over names),
     * if the DHT holds it and its signer signed it; one page read.
     */
    CompletableFuture<Optional<SignedGroupState>> membershipRecord(byte[] groupId, long epoch, byte[] hash) {
        return membershipPage(groupId, epoch / GroupRecords.EPOCHS_PER_PAGE)
                .thenApply(found -> found.stream()
                        .filter(s -> s.state().epoch() == epoch && Arrays.equals(s.hash(), hash))
                        .filter(SignedGroupState::isSignedBySigner)
                        .findFirst());
    }

    /** Pages read at once for a known epoch; the rest are read one after the other. */
    private static final int MAX_PAGES_AT_ONCE = 64;

    private CompletableFuture<List<SignedGroupState>> membershipPagesAfter(
            byte[] groupId, long page, List<SignedGroupState> found) {
        long lastEpoch = (page + 1) * GroupRecords.EPOCHS_PER_PAGE - 1;
        if (found.stream().noneMatch(s -> s.state().epoch() == lastEpoch)) {
            return CompletableFuture.completedFuture(found);
        }
        return membershipPage(groupId, page + 1).thenCompose(more -> {
            found.addAll(more);
            return membershipPagesAfter(groupId, page + 1, found);
        });
    }

    private CompletableFuture<List<SignedGroupState>> membershipPage(byte[] groupId, long page) {
        DhtKey key = GroupRecords.membershipPage(groupId, page * GroupRecords.EPOCHS_PER_PAGE);
        return dht.get(key)
                .thenApply(records -> records.stream()
                        .filter(r -> r.type().equals(GroupRecords.MEMBERSHIP_TYPE)
                                && r.key().equals(key)
                                && GroupRecordRules.membership(r).isEmpty())
                        .map(r -> GroupStates.decode(r.payload()).orElseThrow())
                        .filter(s -> Arrays.equals(s.state().groupId(), groupId))
                        .toList());
    }

    /** Stores the one copy of a message this member sealed. */
    CompletableFuture<PutResult> store(GroupKeys sender, SealedGroupMessage message) {
        return store(sender.storedCopy(message));
    }

    /** Stores the one copy of a message, as {@link GroupKeys#storedCopy} signed it. */
    CompletableFuture<PutResult> store(SignedRecord copy) {
        return DurablePut.put(dht, copy);
    }

    /**
     * The messages of chain {@code chainId} from iteration {@code from} on, in iteration order,
     * each once; see {@link #fetch(byte[], int, int)}.
     */
    CompletableFuture<List<SealedGroupMessage>> fetch(byte[] chainId, int from) {
        return fetch(chainId, from, -1);
    }

    /**
     * The messages of chain {@code chainId} from iteration {@code from} on, in iteration order,
     * each once. The next page is read while the one before was full, or held the page's last
     * iteration (the sender went past it: a hole, an iteration whose copy never reached the DHT,
     * does not hide the pages after it), or while it is not past {@code upTo} (the highest
     * iteration known to exist, -1 if none); never past the chain's end.
     */
    CompletableFuture<List<SealedGroupMessage>> fetch(byte[] chainId, int from, int upTo) {
        return fetchPages(chainId, from, upTo, from / GroupRecords.PAGE_SIZE, new TreeMap<>());
    }

    private CompletableFuture<List<SealedGroupMessage>> fetchPages(
            byte[] chainId, int from, int upTo, int page, TreeMap<Integer, SealedGroupMessage> found) {
        DhtKey key = GroupRecords.messagePage(chainId, page * GroupRecords.PAGE_SIZE);
        int nextPage = (page + 1) * GroupRecords.PAGE_SIZE;
        return dht.get(key).thenCompose(records -> {
            int onPage = 0;
            boolean lastOfPage = false;
            for (SignedRecord r : records) {
                Optional<SealedGroupMessage> m = message(r, chainId, key);
                if (m.isPresent()) {
                    onPage++;
                    lastOfPage |= m.get().iteration() == nextPage - 1;
                    if (m.get().iteration() >= from) {
                        found.putIfAbsent(m.get().iteration(), m.get());
                    }
                }
            }
            boolean more = nextPage < SendingChain.MAX_LENGTH
                    && (onPage == GroupRecords.PAGE_SIZE || lastOfPage || nextPage <= upTo);
            return more
                    ? fetchPages(chainId, from, upTo, page + 1, found)
                    : CompletableFuture.completedFuture(new ArrayList<>(found.values()));
        });
    }

    private static Optional<SealedGroupMessage> message(SignedRecord r, byte[] chainId, DhtKey page) {
        if (!r.type().equals(GroupRecords.MESSAGE_TYPE)
                || !r.key().equals(page)
                || !r.isOwnedBy(chainId)
                || GroupRecordRules.message(r).isPresent()) {
            return Optional.empty();
        }
        return GroupMessageCodec.decodeStored(r.payload(), r.signature());
    }
}
