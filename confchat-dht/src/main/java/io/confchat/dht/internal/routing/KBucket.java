package io.confchat.dht.internal.routing;

import io.confchat.api.Contact;
import io.confchat.api.NodeId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One k-bucket (Kademlia section 2.2): at most k contacts ordered least recently seen first, plus
 * a bounded replacement cache of the newest contacts that did not fit (section 4.1). Not
 * thread-safe; {@link RoutingTable} guards it.
 */
final class KBucket {
    private final int capacity;
    private final int replacementCapacity;
    /** Insertion order = least recently seen first. */
    private final LinkedHashMap<NodeId, Entry> live = new LinkedHashMap<>();
    /** Insertion order = oldest first; the newest is promoted first. */
    private final LinkedHashMap<NodeId, Contact> replacements = new LinkedHashMap<>();

    /**
     * The live contacts split into healthy and failing, as arrays, rebuilt only when membership,
     * an address or a failure state changes: serving a FIND walks buckets far more often than
     * they change, and recency order does not matter there (the caller sorts by distance).
     */
    private Contact[] healthySnapshot;

    private Contact[] failingSnapshot;
    private int failingCount;
    private long lastChangedNanos;
    private long lastQuestionedNanos = Long.MIN_VALUE / 2;

    static final class Entry {
        Contact contact;
        int failures;
        long lastSeenNanos;

        Entry(Contact contact, long lastSeenNanos) {
            this.contact = contact;
            this.lastSeenNanos = lastSeenNanos;
        }
    }

    /** Told whenever the healthy or failing contacts change (what {@link RoutingTable#closest} returns). */
    private final Runnable changed;

    KBucket(int capacity, int replacementCapacity, long nowNanos) {
        this(capacity, replacementCapacity, nowNanos, () -> {});
    }

    KBucket(int capacity, int replacementCapacity, long nowNanos, Runnable changed) {
        this.capacity = capacity;
        this.replacementCapacity = replacementCapacity;
        this.lastChangedNanos = nowNanos;
        this.changed = changed;
    }

    Optional<Contact> get(NodeId id) {
        Entry e = live.get(id);
        return e == null ? Optional.empty() : Optional.of(e.contact);
    }

    boolean isFull() {
        return live.size() >= capacity;
    }

    int size() {
        return live.size();
    }

    /** Moves a known contact to the most-recently-seen end, taking its (possibly new) address. */
    void touch(Contact c, long nowNanos) {
        Entry e = live.remove(c.id());
        if (e.failures > 0 || !e.contact.equals(c)) {
            invalidate();
        }
        if (e.failures > 0) {
            failingCount--;
        }
        e.contact = c;
        e.failures = 0;
        e.lastSeenNanos = nowNanos;
        live.put(c.id(), e);
        lastChangedNanos = nowNanos;
    }

    void append(Contact c, long nowNanos) {
        replacements.remove(c.id());
        live.put(c.id(), new Entry(c, nowNanos));
        invalidate();
        lastChangedNanos = nowNanos;
    }

    Contact leastRecentlySeen() {
        return live.values().iterator().next().contact;
    }

    /** When the least recently seen contact was last seen; only for a non-empty bucket. */
    long oldestSeenNanos() {
        return live.values().iterator().next().lastSeenNanos;
    }

    void offerReplacement(Contact c) {
        replacements.remove(c.id());
        replacements.put(c.id(), c);
        if (replacements.size() > replacementCapacity) {
            Iterator<NodeId> oldest = replacements.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    boolean isWaiting(NodeId id) {
        return replacements.containsKey(id);
    }

    boolean isReplacementFull() {
        return replacements.size() >= replacementCapacity;
    }

    boolean hasReplacement() {
        return !replacements.isEmpty();
    }

    /** Removes a contact; the newest replacement, if any, takes its place and is returned. */
    Optional<Contact> remove(NodeId id, long nowNanos) {
        return remove(id, nowNanos, c -> true);
    }

    /**
     * Removes a contact; the newest replacement that {@code admissible} accepts, if any, takes its
     * place and is returned.
     */
    Optional<Contact> remove(NodeId id, long nowNanos, Predicate<Contact> admissible) {
        Entry gone = live.remove(id);
        if (gone == null) {
            replacements.remove(id);
            return Optional.empty();
        }
        if (gone.failures > 0) {
            failingCount--;
        }
        invalidate();
        lastChangedNanos = nowNanos;
        List<Contact> newestFirst = new ArrayList<>(replacements.values());
        Collections.reverse(newestFirst);
        for (Contact candidate : newestFirst) {
            if (admissible.test(candidate)) {
                replacements.remove(candidate.id());
                live.put(candidate.id(), new Entry(candidate, nowNanos));
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Counts a failed RPC; returns the consecutive failure count. */
    int fail(NodeId id) {
        Entry e = live.get(id);
        if (e == null) {
            return 0;
        }
        if (e.failures == 0) {
            failingCount++;
            invalidate();
        }
        return ++e.failures;
    }

    /** Adds the healthy contacts to {@code out} and those that failed their last RPC to {@code failing}. */
    void addContactsTo(List<Contact> out, List<Contact> failing) {
        if (healthySnapshot == null) {
            healthySnapshot = new Contact[live.size() - failingCount];
            failingSnapshot = new Contact[failingCount];
            int h = 0;
            int f = 0;
            for (Entry e : live.values()) {
                if (e.failures == 0) {
                    healthySnapshot[h++] = e.contact;
                } else {
                    failingSnapshot[f++] = e.contact;
                }
            }
        }
        Collections.addAll(out, healthySnapshot);
        Collections.addAll(failing, failingSnapshot);
    }

    private void invalidate() {
        healthySnapshot = null;
        failingSnapshot = null;
        changed.run();
    }

    /** Adds every live contact, least recently seen first. */
    void addContactsTo(List<Contact> out) {
        for (Entry e : live.values()) {
            out.add(e.contact);
        }
    }

    List<Contact> contacts() {
        List<Contact> out = new ArrayList<>(live.size());
        for (Map.Entry<NodeId, Entry> e : live.entrySet()) {
            out.add(e.getValue().contact);
        }
        return out;
    }

    long lastChangedNanos() {
        return lastChangedNanos;
    }

    long lastQuestionedNanos() {
        return lastQuestionedNanos;
    }

    void markQuestioned(long nowNanos) {
        lastQuestionedNanos = nowNanos;
    }

    void markRefreshed(long nowNanos) {
        lastChangedNanos = nowNanos;
    }
}
