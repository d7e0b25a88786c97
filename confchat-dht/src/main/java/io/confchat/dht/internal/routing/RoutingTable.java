package io.confchat.dht.internal.routing;

import io.confchat.api.Contact;
import io.confchat.api.NodeId;
import io.confchat.dht.internal.routing.AddResult.Outcome;
import io.confchat.dht.time.Scheduler;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * The routing table (Kademlia section 2.2): 256 k-buckets, bucket {@code i} holding the contacts
 * whose ids share exactly {@code i} leading bits with this node's id. Only contacts that proved
 * their id (a signed PONG) may be added. Least-recently-seen eviction happens only after the
 * oldest contact failed a ping; until then a newcomer waits in the replacement cache. Thread-safe.
 */
public final class RoutingTable {
    /** Consecutive failed RPCs after which a contact is dropped even without a replacement. */
    static final int MAX_FAILURES = 5;
    /**
     * Consecutive failed RPCs after which a contact gives way to a waiting replacement: one, since
     * the replacement has just proven it is alive, while the failed contact may be gone.
     */
    static final int FAILURES_BEFORE_REPLACEMENT = 1;

    /**
     * A full bucket questions its oldest contact (a liveness ping before a newcomer may take its
     * place) only when that contact has been silent this long, so busy buckets are not pinged for
     * every new sender.
     */
    public static final Duration QUESTION_OLDEST_AFTER = Duration.ofMinutes(1);

    /** A bucket questions at most one silent contact per this period, to bound background pings. */
    public static final Duration QUESTION_GAP = Duration.ofMinutes(5);

    private final NodeId self;
    private final int k;
    private final Scheduler scheduler;
    private final KBucket[] buckets = new KBucket[256];
    private final Map<String, Integer> prefixCounts = new HashMap<>();
    /**
     * Contacts evicted for silence, oldest first, with how often they were tried since: after a
     * network partition heals, the two sides find each other again through them.
     */
    private final LinkedHashMap<NodeId, Dormant> dormant = new LinkedHashMap<>();

    /** Most dormant contacts remembered. */
    public static final int MAX_DORMANT = 64;
    /** A dormant contact is forgotten after this many unanswered tries (one per maintenance). */
    public static final int DORMANT_TRIES = 30;

    private record Dormant(Contact contact, int tries) {}

    /** Counts changes of any bucket's healthy or failing contacts: {@link #recent} answers hold only at one version. */
    private long version;

    private final RecentClosest recent = new RecentClosest();

    /** Index of the deepest non-empty bucket, -1 if none; kept up to date on every change. */
    private int deepest = -1;

    private volatile IntConsumer onSizeChange = n -> {};

    public RoutingTable(NodeId self, int k, Scheduler scheduler) {
        this.self = self;
        this.k = k;
        this.scheduler = scheduler;
        long now = scheduler.nanoTime();
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new KBucket(k, k, now, () -> version++);
        }
    }

    /**
     * Runs {@code listener} with the new number of contacts after each contact added or evicted,
     * inside the table's lock: it must only hand the number on. One listener; a second replaces
     * the first.
     */
    public void onSizeChange(IntConsumer listener) {
        this.onSizeChange = listener;
    }

    public NodeId self() {
        return self;
    }

    /** Offers a contact that has proven its id. */
    public synchronized AddResult add(Contact c) {
        if (c.id().equals(self)) {
            return AddResult.of(Outcome.SELF);
        }
        KBucket bucket = bucketOf(c.id());
        long now = scheduler.nanoTime();
        Optional<Contact> known = bucket.get(c.id());
        if (known.isPresent()) {
            InetAddress oldIp = known.get().address().getAddress();
            if (!IpDiversity.prefix(oldIp).equals(IpDiversity.prefix(c.address().getAddress()))) {
                if (!admitsPrefix(bucket, c)) {
                    return AddResult.of(Outcome.REJECTED);
                }
                uncountPrefix(known.get());
                countPrefix(c);
            }
            bucket.touch(c, now);
            return AddResult.of(Outcome.UPDATED);
        }
        if (!admitsPrefix(bucket, c)) {
            return AddResult.of(Outcome.REJECTED);
        }
        if (bucket.isFull()) {
            bucket.offerReplacement(c);
            return AddResult.bucketFull(bucket.leastRecentlySeen());
        }
        bucket.append(c, now);
        countPrefix(c);
        deepest = Math.max(deepest, indexOf(c.id()));
        onSizeChange.accept(size());
        return AddResult.of(Outcome.ADDED);
    }

    /**
     * True when offering {@code id} could change the table: its bucket knows it or has room, its
     * replacement cache has a free slot (proven spares let a bucket heal at once when contacts
     * die), or the bucket may question its oldest contact now (see {@link #mayQuestionOldest}),
     * which the newcomer may then replace. A contact already waiting in the replacement cache was
     * proven and gets in by promotion. Anything else would only churn a full replacement cache, at
     * the cost of an identity proof (a signature and a verification) per stranger.
     */
    public synchronized boolean wouldAdmit(NodeId id) {
        if (id.equals(self)) {
            return false;
        }
        KBucket b = bucketOf(id);
        if (b.get(id).isPresent() || !b.isFull()) {
            return true;
        }
        if (b.isWaiting(id)) {
            return false;
        }
        return !b.isReplacementFull() || questionable(b, scheduler.nanoTime());
    }

    /**
     * Claims the right to question (ping) the oldest contact of {@code id}'s full bucket because a
     * newcomer wants in: only when that contact has been silent for {@link #QUESTION_OLDEST_AFTER}
     * and the bucket has not questioned anyone within {@link #QUESTION_GAP}. So a busy node pings
     * each bucket's oldest at most once per gap, however many strangers talk to it.
     *
     * @return the contact to question, if the bucket may question it now
     */
    public synchronized Optional<Contact> mayQuestionOldest(NodeId id) {
        KBucket b = bucketOf(id);
        long now = scheduler.nanoTime();
        if (b.size() == 0 || !questionable(b, now)) {
            return Optional.empty();
        }
        b.markQuestioned(now);
        return Optional.of(b.leastRecentlySeen());
    }

    /**
     * The contact questioned in {@code id}'s bucket did not answer: the bucket may question again
     * at once, since after churn the next oldest may be gone too. Only questions answered by a live
     * contact use up {@link #QUESTION_GAP}; a dead contact is not pinged again once removed.
     */
    public synchronized void questionUnanswered(NodeId id) {
        if (!id.equals(self)) {
            bucketOf(id).markQuestioned(Long.MIN_VALUE / 2);
        }
    }

    private static boolean questionable(KBucket b, long now) {
        return now - b.oldestSeenNanos() >= QUESTION_OLDEST_AFTER.toNanos()
                && now - b.lastQuestionedNanos() >= QUESTION_GAP.toNanos();
    }

    public synchronized Optional<Contact> get(NodeId id) {
        return id.equals(self) ? Optional.empty() : bucketOf(id).get(id);
    }

    /**
     * Removes a contact that failed its liveness ping; the newest replacement takes its place.
     *
     * @return the promoted replacement, if any
     */
    public synchronized Optional<Contact> evict(NodeId id) {
        KBucket bucket = bucketOf(id);
        bucket.get(id).ifPresent(this::uncountPrefix);
        bucket.get(id).ifPresent(gone -> rememberDormant(gone, 0));
        // replacements passed the limits when offered, but the bucket may have changed since
        Optional<Contact> promoted = bucket.remove(id, scheduler.nanoTime(), c -> admitsPrefix(bucket, c));
        promoted.ifPresent(this::countPrefix);
        deepest = scanDeepest();
        onSizeChange.accept(size());
        return promoted;
    }

    private void rememberDormant(Contact c, int tries) {
        dormant.remove(c.id());
        if (tries >= DORMANT_TRIES) {
            return;
        }
        dormant.put(c.id(), new Dormant(c, tries));
        if (dormant.size() > MAX_DORMANT) {
            dormant.remove(dormant.keySet().iterator().next());
        }
    }

    /**
     * Takes up to {@code n} dormant contacts (evicted for silence, oldest first) to ping again:
     * call {@link #dormantAnswered} or {@link #dormantSilent} for each.
     */
    public synchronized List<Contact> takeDormant(int n) {
        List<Contact> out = new ArrayList<>(Math.min(n, dormant.size()));
        var it = dormant.values().iterator();
        while (it.hasNext() && out.size() < n) {
            out.add(it.next().contact());
        }
        return out;
    }

    /** A dormant contact answered: it is no longer dormant (the caller admits it). */
    public synchronized void dormantAnswered(NodeId id) {
        dormant.remove(id);
    }

    /** A dormant contact stayed silent: tried again later, until {@link #DORMANT_TRIES}. */
    public synchronized void dormantSilent(Contact c) {
        Dormant d = dormant.get(c.id());
        if (d != null) {
            rememberDormant(c, d.tries() + 1);
        }
    }

    /**
     * Counts a failed RPC to a contact; drops it when it keeps failing (see the constants). Only
     * the contact at the address we know counts: a forged referral of a known id at another
     * address cannot push an honest contact out.
     */
    public synchronized void recordFailure(Contact contact) {
        NodeId id = contact.id();
        if (id.equals(self)) {
            return;
        }
        KBucket bucket = bucketOf(id);
        if (bucket.get(id)
                .filter(known -> known.address().equals(contact.address()))
                .isEmpty()) {
            return;
        }
        int failures = bucket.fail(id);
        if (failures >= MAX_FAILURES || (failures >= FAILURES_BEFORE_REPLACEMENT && bucket.hasReplacement())) {
            evict(id);
        }
    }

    /**
     * The {@code n} known contacts closest to {@code target}, closest first.
     *
     * <p>Walks buckets in exact distance order instead of sorting the table. With {@code j} the
     * index of the target's bucket: contacts in bucket {@code j} agree with the target on bit
     * {@code j}, so they come first; contacts in deeper buckets all differ from it first at bit
     * {@code j} and, among themselves, are ordered as by a target with bit {@code j} flipped (the
     * same walk, restricted to buckets {@code > j}); shallower buckets {@code j-1, ..., 0} differ
     * first at their own index and follow, one by one. Only single buckets (at most k contacts)
     * are ever sorted, and the walk stops at {@code n}.
     *
     * <p>Contacts that failed their last RPC come only after every healthy one (closest first among
     * themselves): a node should neither advertise nor ask first the contacts it suspects dead.
     *
     * <p>The answers for recent targets are kept until the table changes ({@link RecentClosest}).
     * The list returned is the caller's own.
     */
    public synchronized List<Contact> closest(NodeId target, int n) {
        List<Contact> known = recent.get(target, n, version);
        if (known != null) {
            return new ArrayList<>(known);
        }
        List<Contact> out = walk(target, n);
        recent.put(target, n, version, out);
        return out;
    }

    /**
     * The contacts {@link Diversity} admits among the {@code n} closest to {@code target} (as
     * {@link #closest}), closest first; remembered with them until the table changes. Unmodifiable.
     */
    public synchronized List<Contact> closestDiverse(NodeId target, int n) {
        List<Contact> known = recent.diverse(target, n, version);
        if (known == null) {
            recent.put(target, n, version, walk(target, n));
            known = recent.diverse(target, n, version);
        }
        return known;
    }

    private List<Contact> walk(NodeId target, int n) {
        List<Contact> out = new ArrayList<>(Math.min(n, 64));
        List<Contact> failing = new ArrayList<>();
        byte[] selfBytes = self.bytes();
        byte[] t = target.bytes();
        // [from, to] index ranges of shallower buckets, walked downwards, last pushed first
        int[] rangeFrom = new int[16];
        int[] rangeTo = new int[16];
        int ranges = 0;
        int lowest = 0;
        // below the deepest non-empty bucket there is nothing left to walk (a target close to
        // this node would otherwise flip its way through all 256 levels)
        while (out.size() < n && lowest <= deepest) {
            int j = Math.min(255, Distance.commonPrefixLength(selfBytes, t));
            addBucket(out, failing, target, n, j);
            if (j - 1 >= lowest) {
                if (ranges == rangeFrom.length) {
                    rangeFrom = Arrays.copyOf(rangeFrom, 2 * ranges);
                    rangeTo = Arrays.copyOf(rangeTo, 2 * ranges);
                }
                rangeFrom[ranges] = j - 1;
                rangeTo[ranges] = lowest;
                ranges++;
            }
            if (j == 255) {
                break;
            }
            t[j / 8] ^= (byte) (0x80 >>> (j % 8));
            lowest = j + 1;
        }
        while (out.size() < n && ranges > 0) {
            ranges--;
            for (int i = rangeFrom[ranges]; i >= rangeTo[ranges] && out.size() < n; i--) {
                addBucket(out, failing, target, n, i);
            }
        }
        if (out.size() < n && !failing.isEmpty()) {
            failing.sort(Distance.byDistanceTo(target));
            out.addAll(failing.subList(0, Math.min(failing.size(), n - out.size())));
        }
        return out;
    }

    private void addBucket(List<Contact> out, List<Contact> failing, NodeId target, int n, int index) {
        if (out.size() >= n || buckets[index].size() == 0) {
            return;
        }
        int start = out.size();
        buckets[index].addContactsTo(out, failing);
        Distance.sort(out, start, out.size(), target);
        if (out.size() > n) {
            out.subList(n, out.size()).clear();
        }
    }

    /**
     * The least recently seen contact of every bucket whose oldest has been silent for {@code
     * silence} and that has not questioned a contact within {@link #QUESTION_GAP}: the ones to ping, so the table learns of dead contacts without waiting for a
     * lookup to trip over them.
     */
    public synchronized List<Contact> silentOldest(Duration silence) {
        long now = scheduler.nanoTime();
        List<Contact> out = new ArrayList<>();
        for (KBucket b : buckets) {
            if (b.size() > 0
                    && now - b.oldestSeenNanos() >= silence.toNanos()
                    && now - b.lastQuestionedNanos() >= QUESTION_GAP.toNanos()) {
                b.markQuestioned(now);
                out.add(b.leastRecentlySeen());
            }
        }
        return out;
    }

    /** Indexes of non-empty buckets not looked up or changed for longer than {@code idle}. */
    public synchronized List<Integer> idleBuckets(Duration idle) {
        long now = scheduler.nanoTime();
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < buckets.length; i++) {
            if (buckets[i].size() > 0 && now - buckets[i].lastChangedNanos() >= idle.toNanos()) {
                out.add(i);
            }
        }
        return out;
    }

    /** Records that a lookup for {@code target} just ran, refreshing its bucket. */
    public synchronized void markRefreshed(NodeId target) {
        if (!target.equals(self)) {
            bucketOf(target).markRefreshed(scheduler.nanoTime());
        }
    }

    /** The index of the deepest non-empty bucket, or -1 when the table is empty. */
    public synchronized int deepestBucket() {
        return deepest;
    }

    private int scanDeepest() {
        for (int i = buckets.length - 1; i >= 0; i--) {
            if (buckets[i].size() > 0) {
                return i;
            }
        }
        return -1;
    }

    /** A random id that falls into bucket {@code index} of this table. */
    public NodeId randomIdInBucket(int index, Random random) {
        byte[] id = self.bytes();
        byte[] noise = new byte[32];
        random.nextBytes(noise);
        for (int bit = index; bit < 256; bit++) {
            int mask = 0x80 >>> (bit % 8);
            boolean flip = bit == index || (noise[bit / 8] & mask) != 0;
            if (flip) {
                id[bit / 8] ^= (byte) mask;
            }
        }
        return NodeId.of(id);
    }

    public synchronized int size() {
        int n = 0;
        for (KBucket b : buckets) {
            n += b.size();
        }
        return n;
    }

    /** A snapshot of every contact. */
    public synchronized List<Contact> contacts() {
        return contactsLocked();
    }

    public int k() {
        return k;
    }

    private List<Contact> contactsLocked() {
        List<Contact> all = new ArrayList<>();
        for (KBucket b : buckets) {
            b.addContactsTo(all);
        }
        return all;
    }

    private KBucket bucketOf(NodeId id) {
        return buckets[indexOf(id)];
    }

    private int indexOf(NodeId id) {
        return Math.min(255, Distance.commonPrefixLength(self, id));
    }

    private boolean admitsPrefix(KBucket bucket, Contact c) {
        Optional<String> prefix = IpDiversity.prefix(c.address().getAddress());
        if (prefix.isEmpty()) {
            return true;
        }
        if (prefixCounts.getOrDefault(prefix.get(), 0) >= IpDiversity.PER_TABLE) {
            return false;
        }
        long inBucket = bucket.contacts().stream()
                .filter(x -> IpDiversity.prefix(x.address().getAddress()).equals(prefix))
                .count();
        return inBucket < IpDiversity.PER_BUCKET;
    }

    private void countPrefix(Contact c) {
        IpDiversity.prefix(c.address().getAddress()).ifPresent(p -> prefixCounts.merge(p, 1, Integer::sum));
    }

    private void uncountPrefix(Contact c) {
        IpDiversity.prefix(c.address().getAddress())
                .ifPresent(p -> prefixCounts.merge(p, -1, (a, b) -> a + b == 0 ? null : a + b));
    }
}
