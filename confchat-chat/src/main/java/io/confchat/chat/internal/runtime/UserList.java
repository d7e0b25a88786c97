package io.confchat.chat.internal.runtime;

import io.confchat.api.chat.Presence;
import io.confchat.chat.internal.presence.Directory;
import io.confchat.chat.internal.presence.PeerPresence;
import io.confchat.chat.internal.presence.PresenceReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The user list of a client: every user in the directory with the status read from
 * their presence, at most {@value #READS_AT_ONCE} presence lookups at a time. Reports a status
 * that changed since this client last saw it.
 */
public final class UserList {
    static final int READS_AT_ONCE = 16;

    private final Directory directory;
    private final PresenceReader presences;
    private final ChatEvents events;
    private final Map<String, Presence.Status> lastStatus = new ConcurrentHashMap<>();

    public UserList(Directory directory, PresenceReader presences, ChatEvents events) {
        this.directory = directory;
        this.presences = presences;
        this.events = events;
    }

    public CompletableFuture<List<Presence>> read() {
        return directory.list().thenCompose(listings -> {
            CompletableFuture<List<Presence>> all = CompletableFuture.completedFuture(new ArrayList<>());
            for (int from = 0; from < listings.size(); from += READS_AT_ONCE) {
                List<Directory.Listing> batch = listings.subList(from, Math.min(listings.size(), from + READS_AT_ONCE));
                all = all.thenCompose(found -> {
                    List<CompletableFuture<PeerPresence>> reads = new ArrayList<>();
                    for (Directory.Listing listing : batch) {
                        reads.add(presences.read(listing.username(), listing.identityKey()));
                    }
                    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
                            .thenApply(done -> {
                                reads.forEach(r -> found.add(r.join().presence()));
                                return found;
                            });
                });
            }
            return all.thenApply(found -> {
                found.forEach(this::note);
                return List.copyOf(found);
            });
        });
    }

    /** Remembers a user's status, reporting it if it changed. */
    public void note(Presence p) {
        Presence.Status before = lastStatus.put(p.username(), p.status());
        if (before != null && before != p.status()) {
            events.emit(l -> l.onPresenceChanged(p));
        }
    }
}
