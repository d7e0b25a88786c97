package io.confchat.chat.internal.directory;

import io.confchat.api.Dht;
import io.confchat.api.SignedRecord;
import io.confchat.chat.internal.proto.NameEntry;
import io.confchat.chat.internal.records.NamePages;
import io.confchat.chat.internal.records.Payloads;
import io.confchat.chat.internal.records.RecordKeys;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Finds names in the directory (docs/architecture.md#the-user-directory): by prefix, walking the
 * prefix pages from the first one down the full ones, and everyone, from the 16 everyone pages
 * while none is full. Every read is bounded: a search reads at most {@value #MAX_PAGES_PER_SEARCH}
 * pages, each of at most {@value NamePages#PREFIX_PAGE_NAMES} names (plus a few a hostile node may
 * add; the DHT bounds what one node returns). Returns names only; thread-safe.
 */
public final class DirectoryReader {
    /** Most pages one search reads. */
    public static final int MAX_PAGES_PER_SEARCH = 8;

    private final Dht dht;

    public DirectoryReader(Dht dht) {
        this.dht = dht;
    }

    /** The names listed in {@code page}. */
    public CompletableFuture<NamePage> read(String page) {
        return dht.get(RecordKeys.namePage(page)).thenApply(records -> {
            SortedSet<String> names = new TreeSet<>();
            for (SignedRecord r : records) {
                Optional<NameEntry> e = Payloads.nameEntry(r);
                if (e.isPresent() && e.get().getPage().equals(page)) {
                    names.add(e.get().getUsername());
                }
            }
            return new NamePage(page, names);
        });
    }

    /**
     * The first {@code limit} names (in name order among those found) that start with {@code
     * prefix} (normalized, at least {@value NamePages#FIRST_DEPTH} characters).
     */
    public CompletableFuture<Found> search(String prefix, int limit) {
        if (prefix.length() < NamePages.FIRST_DEPTH) {
            throw new IllegalArgumentException("a prefix search needs " + NamePages.FIRST_DEPTH + " characters");
        }
        Deque<String> frontier = new ArrayDeque<>(List.of(prefix.substring(0, NamePages.FIRST_DEPTH)));
        return walk(prefix, limit, frontier, new TreeSet<>(), 0);
    }

    /**
     * Breadth first from the prefix's first page: a full page sends the walk one character deeper,
     * to the one page the prefix continues in, or to every child once the page is as long as the
     * prefix. Stops with {@code more} once more than {@code limit} names or the page budget.
     */
    private CompletableFuture<Found> walk(
            String prefix, int limit, Deque<String> frontier, SortedSet<String> found, int pagesRead) {
        if (frontier.isEmpty() || found.size() > limit || pagesRead == MAX_PAGES_PER_SEARCH) {
            List<String> first = found.stream().limit(limit).toList();
            return CompletableFuture.completedFuture(new Found(first, found.size() > limit || !frontier.isEmpty()));
        }
        String page = frontier.poll();
        return read(page).thenCompose(p -> {
            p.names().stream().filter(n -> n.startsWith(prefix)).forEach(found::add);
            if (p.isFull()) {
                if (page.length() < prefix.length()) {
                    frontier.add(prefix.substring(0, page.length() + 1));
                } else {
                    frontier.addAll(NamePages.children(page));
                }
            }
            return walk(prefix, limit, frontier, found, pagesRead + 1);
        });
    }

    /** Every listed name, or empty once an everyone page is full (the network is not small). */
    public CompletableFuture<Optional<SortedSet<String>>> everyone() {
        List<CompletableFuture<NamePage>> pages = new ArrayList<>();
        for (String page : NamePages.everyonePages()) {
            pages.add(read(page));
        }
        return CompletableFuture.allOf(pages.toArray(CompletableFuture[]::new)).thenApply(done -> {
            SortedSet<String> all = new TreeSet<>();
            for (CompletableFuture<NamePage> page : pages) {
                NamePage p = page.join();
                if (p.isFull()) {
                    return Optional.empty();
                }
                all.addAll(p.names());
            }
            return Optional.of(all);
        });
    }

    /**
     * Names a search found.
     *
     * @param names at most the limit asked, sorted
     * @param more true when more names match than were returned (a longer prefix narrows them)
     */
    public record Found(List<String> names, boolean more) {
        public Found {
            names = List.copyOf(names);
        }
    }
}
