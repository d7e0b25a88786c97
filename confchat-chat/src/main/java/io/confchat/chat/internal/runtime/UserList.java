package io.confchat.chat.internal.runtime;

import io.confchat.api.chat.InvalidUsernameException;
import io.confchat.api.chat.Presence;
import io.confchat.api.chat.UserPage;
import io.confchat.chat.internal.account.Resolution;
import io.confchat.chat.internal.directory.DirectoryReader;
import io.confchat.chat.internal.presence.PeerPresence;
import io.confchat.chat.internal.presence.PresenceReader;
import io.confchat.chat.internal.records.NamePages;
import io.confchat.chat.internal.records.Usernames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The user list of a client (docs/architecture.md#the-user-directory), bounded whatever the size
 * of the network: the people the user knows, read under their pinned keys; users found by prefix
 * and, while the network is small, everyone, each name checked against its user record's majority
 * (a directory entry only suggests a name: a name nobody owns is dropped, and presence is read
 * under the majority's key, never the entry's). At most {@value #READS_AT_ONCE} look-ups at a
 * time. Reports a status that changed since this client last saw it. Thread-safe.
 */
public final class UserList {
    static final int READS_AT_ONCE = 16;
    /** Most people of the chat list the user list shows, most recent first. */
    public static final int MAX_KNOWN = 200;
    /** Most users one search returns. */
    public static final int SEARCH_LIMIT = 25;
    /**
     * Most names one search checks against their user records: names nobody owns (a flood of
     * entries, at most a sender's share of a page) are skipped, up to this many.
     */
    public static final int SEARCH_CHECKS = 64;
    /** Most users one page of everyone holds. */
    public static final int EVERYONE_PAGE = 50;

    private final DirectoryReader directory;
    private final Users users;
    private final PresenceReader presences;
    private final ChatEvents events;
    private final Map<String, Presence.Status> lastStatus = new ConcurrentHashMap<>();

    public UserList(DirectoryReader directory, Users users, PresenceReader presences, ChatEvents events) {
        this.directory = directory;
        this.users = users;
        this.presences = presences;
        this.events = events;
    }

    /** The people the user knows with their status, in the order given (at most {@value #MAX_KNOWN}). */
    public CompletableFuture<List<Presence>> contacts(List<KnownUser> known) {
        List<KnownUser> shown = known.subList(0, Math.min(MAX_KNOWN, known.size()));
        return inBatches(
                shown, k -> presences.read(k.username(), k.identityKey()).thenApply(Optional::of));
    }

    /** The user list: the people the user knows and, while the network is small, the first page of everyone. */
    public CompletableFuture<List<Presence>> users(List<KnownUser> known) {
        return contacts(known).thenCombine(everyone(Optional.empty()), (mine, all) -> {
            Map<String, Presence> byName = new TreeMap<>();
            all.ifPresent(page -> page.users().forEach(p -> byName.put(p.username(), p)));
            mine.forEach(p -> byName.put(p.username(), p));
            return List.copyOf(byName.values());
        });
    }

    /** Users whose names start with {@code typed} (normalized here), at most {@value #SEARCH_LIMIT}. */
    public CompletableFuture<UserPage> search(String typed) {
        String prefix = Usernames.normalizePrefix(typed);
        if (prefix.length() >= NamePages.FIRST_DEPTH) {
            return directory
                    .search(prefix, SEARCH_CHECKS)
                    .thenCompose(found -> firstOwned(found.names(), found.more()));
        }
        return directory.everyone().thenCompose(all -> {
            if (all.isEmpty()) {
                throw new InvalidUsernameException("the network is too large to list every name starting with '"
                        + prefix + "': type at least " + NamePages.FIRST_DEPTH + " characters");
            }
            List<String> matching =
                    all.get().stream().filter(n -> n.startsWith(prefix)).toList();
            return vetted(matching.subList(0, Math.min(SEARCH_LIMIT, matching.size())), matching.size() > SEARCH_LIMIT);
        });
    }

    /** One page of everyone after {@code typedAfter} (normalized here); empty when the network is not small. */
    public CompletableFuture<Optional<UserPage>> everyone(Optional<String> typedAfter) {
        Optional<String> after = typedAfter.map(Usernames::normalize);
        return directory.everyone().thenCompose(all -> {
            if (all.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            SortedSet<String> rest = after.map(a -> all.get().tailSet(a + "\0")).orElse(all.get());
            List<String> page = rest.stream().limit(EVERYONE_PAGE).toList();
            return vetted(page, rest.size() > EVERYONE_PAGE).thenApply(Optional::of);
        });
    }

    /**
     * The first {@value #SEARCH_LIMIT} of {@code names} (sorted) that someone owns, checked a batch
     * at a time until that many are found.
     */
    private CompletableFuture<UserPage> firstOwned(List<String> names, boolean more) {
        return firstOwned(names, 0, new ArrayList<>(), more);
    }

    private CompletableFuture<UserPage> firstOwned(List<String> names, int from, List<Presence> found, boolean more) {
        if (found.size() >= SEARCH_LIMIT || from >= names.size()) {
            boolean unchecked = from < names.size();
            List<Presence> shown = found.subList(0, Math.min(SEARCH_LIMIT, found.size()));
            return CompletableFuture.completedFuture(
                    new UserPage(shown, more || unchecked || found.size() > SEARCH_LIMIT));
        }
        List<String> batch = names.subList(from, Math.min(names.size(), from + READS_AT_ONCE));
        return vetted(batch, false).thenCompose(page -> {
            found.addAll(page.users());
            return firstOwned(names, from + batch.size(), found, more);
        });
    }

    /**
     * The presence of each name whose user record's majority names an owner, read under that
     * owner's key; names nobody owns (or two owners tie for) are left out.
     */
    private CompletableFuture<UserPage> vetted(List<String> names, boolean more) {
        return inBatches(names, name -> users.resolve(name).thenCompose(r -> presenceOf(name, r)))
                .thenApply(found -> new UserPage(found, more));
    }

    private CompletableFuture<Optional<PeerPresence>> presenceOf(String name, Resolution r) {
        if (r.owner().isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return presences.read(name, r.owner().get().identityKey()).thenApply(Optional::of);
    }

    /** Runs {@code read} for every item, {@value #READS_AT_ONCE} at a time; keeps the order given. */
    private <T> CompletableFuture<List<Presence>> inBatches(
            Collection<T> items, Function<T, CompletableFuture<Optional<PeerPresence>>> read) {
        List<T> all = List.copyOf(items);
        CompletableFuture<List<Presence>> done = CompletableFuture.completedFuture(new ArrayList<>());
        for (int from = 0; from < all.size(); from += READS_AT_ONCE) {
            List<T> batch = all.subList(from, Math.min(all.size(), from + READS_AT_ONCE));
            done = done.thenCompose(found -> {
                List<CompletableFuture<Optional<PeerPresence>>> reads =
                        batch.stream().map(read).toList();
                return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
                        .thenApply(x -> {
                            reads.forEach(r -> r.join().ifPresent(p -> found.add(p.presence())));
                            return found;
                        });
            });
        }
        return done.thenApply(found -> {
            found.forEach(this::note);
            return List.copyOf(found);
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
