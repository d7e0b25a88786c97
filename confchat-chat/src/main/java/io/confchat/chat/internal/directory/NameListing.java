package io.confchat.chat.internal.directory;

import com.google.protobuf.ByteString;
import io.confchat.api.Dht;
import io.confchat.api.PutFailedException;
import io.confchat.api.PutResult;
import io.confchat.api.SignedRecord;
import io.confchat.chat.internal.proto.NameEntry;
import io.confchat.chat.internal.records.NamePages;
import io.confchat.chat.internal.records.PutOutcome;
import io.confchat.chat.internal.records.RecordKeys;
import io.confchat.chat.internal.records.RecordTypes;
import io.confchat.dht.record.RecordSigner;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Lists a user in the directory (docs/architecture.md#the-user-directory): in the prefix page of
 * the first {@value NamePages#FIRST_DEPTH} characters of the name, or, when the majority of the
 * nodes that answered say that page is full, one character deeper, and so on; and, at the same
 * time and on a best-effort basis, in its everyone page (full once the network is large, which is
 * not an error). Listing the same name again puts the same records, which extends their lifetime.
 * Thread-safe.
 */
public final class NameListing {
    private final Dht dht;

    public NameListing(Dht dht) {
        this.dht = dht;
    }

    /**
     * Lists {@code name} (normalized), signed by its owner.
     *
     * @return the prefix page it is listed in; fails with {@link PutFailedException} when no page
     *     took it on enough nodes
     */
    public CompletableFuture<String> list(RecordSigner owner, String name) {
        CompletableFuture<PutResult> everyone = dht.put(entry(owner, name, NamePages.everyonePage(name)));
        CompletableFuture<String> page = listFrom(owner, name, NamePages.FIRST_DEPTH);
        return page.thenCombine(everyone.exceptionally(e -> null), (listed, ignored) -> listed);
    }

    private CompletableFuture<String> listFrom(RecordSigner owner, String name, int depth) {
        String page = NamePages.prefixPage(name, depth);
        return dht.put(entry(owner, name, page)).handle(PutOutcome::of).thenCompose(answers -> {
            if (answers.isEmpty()) {
                return CompletableFuture.failedFuture(new PutFailedException(
                        "no node answered for the directory page of '" + name + "'; is the network reachable?", null));
            }
            PutResult result = answers.get();
            Outcome outcome = Outcome.of(result);
            if (outcome == Outcome.FULL && page.length() < name.length()) {
                return listFrom(owner, name, depth + 1);
            }
            if (outcome == Outcome.LISTED) {
                return CompletableFuture.completedFuture(page);
            }
            return CompletableFuture.failedFuture(new PutFailedException(
                    "the directory page of '" + name + "' took its entry on " + result.stored() + " of "
                            + result.contacted() + " nodes; is the network reachable?",
                    result));
        });
    }

    /** The signed entry of {@code name} in {@code page}. */
    public static SignedRecord entry(RecordSigner owner, String name, String page) {
        byte[] payload = NameEntry.newBuilder()
                .setUsername(name)
                .setIdentityKey(ByteString.copyFrom(owner.ownerPublicKey()))
                .setPage(page)
                .build()
                .toByteArray();
        return owner.sign(
                RecordKeys.namePage(page),
                RecordTypes.NAME,
                name.getBytes(StandardCharsets.UTF_8),
                1,
                RecordTypes.LONG_LIVED.toSeconds(),
                payload);
    }

    /**
     * What the nodes asked make of one entry, judged by the majority of those that answered (a
     * hostile minority claiming the page is full, or the name listed, changes nothing): listed
     * (stored on at least two nodes, or the name already listed by another owner, which names the
     * user just as well: readers take keys from user records only), full (go one deeper), or
     * failed.
     */
    enum Outcome {
        LISTED,
        FULL,
        FAILED;

        static Outcome of(PutResult result) {
            int full = PutOutcome.refusedAs(result, NamePages.FULL);
            int listedByAnother = PutOutcome.refusedAs(result, NamePages.LISTED_BY_ANOTHER);
            int answered = PutOutcome.answered(result);
            if (2 * full > answered) {
                return FULL;
            }
            if (result.stored() >= Math.min(2, result.contacted()) || 2 * listedByAnother > answered) {
                return LISTED;
            }
            return FAILED;
        }
    }
}
