package io.confchat.chat.internal.group;

import io.confchat.api.SignedRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DHT copies of the messages this login sent: a copy whose put failed is kept and put again
 * (the same signed bytes: a message is never sealed twice) at each {@link #storeAgain}, so that
 * members who were offline find it, and the iteration it spent is not a hole for long. Kept in
 * memory only: a copy still unstored when the process ends is lost (catch-up reads past such a
 * hole, see {@link GroupArchive#fetch(byte[], int, int)}). Thread-safe.
 */
final class StoredCopies {
    private static final Logger log = LoggerFactory.getLogger(StoredCopies.class);
    /** Most copies kept for another put; a copy whose put fails beyond that is not kept. */
    static final int MAX_UNSTORED = 1024;

    private final GroupArchive archive;
    private final Set<SignedRecord> unstored = ConcurrentHashMap.newKeySet();

    StoredCopies(GroupArchive archive) {
        this.archive = archive;
    }

    /**
     * Puts {@code copy}; completes with true once stored, with false when the put failed (the copy
     * is kept for {@link #storeAgain}). Never completes exceptionally.
     */
    CompletableFuture<Boolean> store(SignedRecord copy) {
        return archive.store(copy).handle((put, e) -> {
            if (e == null) {
                unstored.remove(copy);
                return true;
            }
            log.debug("a group message's copy was not stored ({}): put again later", e.toString());
            if (unstored.size() < MAX_UNSTORED) {
                unstored.add(copy);
            }
            return false;
        });
    }

    /** Puts every kept copy again; completes when each put ended (kept again if it failed). */
    CompletableFuture<Void> storeAgain() {
        List<CompletableFuture<Boolean>> each = new ArrayList<>();
        for (SignedRecord copy : List.copyOf(unstored)) {
            each.add(store(copy));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new));
    }

    /** How many copies wait for another put. */
    int unstored() {
        return unstored.size();
    }
}
