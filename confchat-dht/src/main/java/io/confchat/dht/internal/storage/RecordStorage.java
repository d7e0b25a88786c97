package io.confchat.dht.internal.storage;

import io.confchat.api.DhtKey;
import io.confchat.api.RejectionReason;
import io.confchat.api.SignedRecord;
import io.confchat.dht.StorageQuotas;
import io.confchat.dht.internal.wire.RecordCodec;
import io.confchat.dht.record.RecordValidator;
import io.confchat.dht.record.RecordValidator.Verdict;
import io.confchat.dht.record.TypeLimits;
import io.confchat.dht.store.RecordStore;
import io.confchat.dht.store.StoreUsage;
import io.confchat.dht.store.StoredRecord;
import io.confchat.dht.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * The acceptance rules in front of a {@link RecordStore} (docs/architecture.md#records), applied
 * in this order: TTL within the type's limit, valid signature, strictly higher sequence number
 * than the stored record of the same owner and slot (BEP 44), the type's own {@link
 * RecordValidator}, then the quotas. A refused record changes nothing. Expiry counts from the time
 * this node received the record; an expired record still refuses older versions of itself for
 * {@link #REPLAY_GUARD}. Thread-safe: one lock around check-and-write.
 */
public final class RecordStorage {
    /** Orders records by owner key, then slot: the paging order. */
    private static final Comparator<SignedRecord> PAGE_ORDER =
            (a, b) -> Arrays.compareUnsigned(cursorOf(a), cursorOf(b));

    /**
     * How long an expired record still refuses older versions of itself: without it, a replay of
     * an old record (an ONLINE presence after the OFFLINE one expired) would be taken as new as
     * soon as the newer record expired. Longer than the clock difference readers tolerate (the
     * chat layer's presence reader: 4 h 30 min) plus a presence's longest ttl.
     */
    public static final Duration REPLAY_GUARD = Duration.ofHours(5);

    private final RecordStore store;
    private final Map<String, RecordValidator> validators;
    /** Share of a key kept for sources and owners that hold little under it: the last quarter. */
    static final int RESERVED_QUARTERS = 1;
    /** A source or owner holding less than 1/this of a key may write into its reserved part. */
    static final int LIGHT_SENDER_DIVISOR = 256;

    private final StorageQuotas quotas;
    private final VerifiedSignatures signatures;
    private final Scheduler scheduler;

    private final LongAdder quotaRefusals = new LongAdder();
    private volatile Runnable onQuotaRefusal = () -> {};

    public RecordStorage(
            RecordStore store,
            Map<String, RecordValidator> validators,
            StorageQuotas quotas,
            VerifiedSignatures signatures,
            Scheduler scheduler) {
        this.store = store;
        this.validators = Map.copyOf(validators);
        this.quotas = quotas;
        this.signatures = signatures;
        this.scheduler = scheduler;
    }

    /**
     * The checks that need no stored state: TTL within the type's limit and a valid signature.
     * Readers apply them to every record they accept from the network.
     */
    public Acceptance checkIntrinsic(SignedRecord r) {
        RecordValidator validator = validators.getOrDefault(r.type(), RecordValidator.DEFAULT);
        long maxTtl = validator.maxTtl().toSeconds();
        if (r.ttlSeconds() > maxTtl) {
            return Acceptance.refused(
                    RejectionReason.TTL_TOO_LONG,
                    "ttl " + r.ttlSeconds() + "s exceeds " + maxTtl + "s for type " + r.type());
        }
        if (!signatures.isValid(r)) {
            return Acceptance.refused(RejectionReason.INVALID_SIGNATURE, "signature does not verify");
        }
        return Acceptance.stored();
    }

    /** Checks a record and stores it for its full ttl if every rule accepts it; see {@link #offer(SignedRecord, String, long)}. */
    public Acceptance offer(SignedRecord r, String source) {
        return offer(r, source, 0);
    }

    /**
     * Checks a record and stores it if every rule accepts it; {@code source} is charged the quota.
     *
     * @param expiresInSeconds the lifetime the record has left at a sender passing it on, or 0;
     *     the record is kept for {@code min(ttl, expiresInSeconds)}
     */
    public synchronized Acceptance offer(SignedRecord r, String source, long expiresInSeconds) {
        Acceptance a = check(r, source, expiresInSeconds);
        if (!a.isStored() && a.refusal() == RejectionReason.QUOTA_EXCEEDED) {
            quotaRefusals.increment();
            onQuotaRefusal.run();
        }
        return a;
    }

    /**
     * Runs {@code listener} after each record refused for a full quota (inside this storage's
     * lock: it must only hand the news on). One listener; a second replaces the first.
     */
    public void onQuotaRefusal(Runnable listener) {
        this.onQuotaRefusal = listener;
    }

    /** Records refused for a full quota since this storage was made. */
    public long quotaRefusals() {
        return quotaRefusals.sum();
    }

    private Acceptance check(SignedRecord r, String source, long expiresInSeconds) {
        Acceptance intrinsic = checkIntrinsic(r);
        if (!intrinsic.isStored()) {
            return intrinsic;
        }
        Instant now = scheduler.now();
        Optional<StoredRecord> held = store.get(r.key(), r.ownerPublicKey(), r.slot());
        Optional<StoredRecord> previous = held.filter(s -> !s.isExpired(now));
        Optional<StoredRecord> lately = held.filter(s -> !s.isExpired(now.minus(REPLAY_GUARD)));
        if (previous.isEmpty()
                && lately.isPresent()
                && !lately.get().record().equals(r)
                && Long.compareUnsigned(r.seq(), lately.get().record().seq()) <= 0) {
            return Acceptance.refused(
                    RejectionReason.STALE_SEQUENCE,
                    "held seq " + Long.toUnsignedString(lately.get().record().seq()) + " until lately");
        }
        long lifetime = expiresInSeconds > 0 ? Math.min(r.ttlSeconds(), expiresInSeconds) : r.ttlSeconds();
        if (previous.isPresent() && previous.get().record().equals(r)) {
            // The owner (or a replica) re-puts the very record we hold: that keeps it alive (BEP 44
            // "refresh"), so a publication with a short ttl never lapses between two re-puts.
            StoredRecord kept = previous.get();
            Instant expiry = now.plusSeconds(lifetime);
            if (expiry.isAfter(kept.expiresAt())) {
                store.put(new StoredRecord(r, kept.receivedAt(), expiry, kept.source()));
            }
            return Acceptance.stored();
        }
        if (previous.isPresent()
                && Long.compareUnsigned(r.seq(), previous.get().record().seq()) <= 0) {
            return Acceptance.refused(
                    RejectionReason.STALE_SEQUENCE,
                    "already holding seq "
                            + Long.toUnsignedString(previous.get().record().seq()));
        }
        RecordValidator validator = validators.getOrDefault(r.type(), RecordValidator.DEFAULT);
        Verdict verdict = validator.validate(r, liveRecords(r.key(), now));
        if (!verdict.accepted()) {
            return Acceptance.refused(RejectionReason.POLICY, verdict.reason());
        }
        StoredRecord candidate = new StoredRecord(r, now, now.plusSeconds(lifetime), source);
        Optional<Acceptance> full = quotaRefusal(candidate, held, validator);
        if (full.isPresent()) {
            return full.get();
        }
        store.put(candidate);
        for (RecordValidator.SlotRef retracted : validator.retractions(r)) {
            store.remove(r.key(), retracted.owner(), retracted.slot());
        }
        return Acceptance.stored();
    }

    /**
     * The quota a record would break, if any (see {@link StorageQuotas}): its type's record size,
     * then the whole store, the type's share, the key, the sender's share of the key and the
     * key's reserved quarter, the owner and the source. A replacement counts only what it adds.
     */
    private Optional<Acceptance> quotaRefusal(
            StoredRecord candidate, Optional<StoredRecord> held, RecordValidator validator) {
        SignedRecord r = candidate.record();
        TypeLimits limits = validator.limits();
        int size = candidate.sizeBytes();
        if (size > limits.maxRecordBytes()) {
            return refuse(
                    RejectionReason.TOO_LARGE,
                    "a " + r.type() + " record may be at most " + limits.maxRecordBytes() + " bytes, this one is "
                            + size);
        }
        // replacing a held record (even an expired one) adds only the difference; only the held
        // record's own parts lose it
        long grows = size - held.map(StoredRecord::sizeBytes).orElse(0);
        if (grows <= 0) {
            return Optional.empty();
        }
        StoreUsage u = store.usage(r.key(), r.ownerPublicKey(), candidate.source(), r.type());
        long keyBudget = Math.min(quotas.perKeyBytes(), limits.maxKeyBytes());
        long share = keyBudget / quotas.keyShareDivisor();
        long light = keyBudget / LIGHT_SENDER_DIVISOR;
        long unreserved = keyBudget - keyBudget * RESERVED_QUARTERS / 4;
        if (u.total() + grows > quotas.totalBytes()) {
            return full("this node's store is full (" + u.total() + " of " + quotas.totalBytes() + " bytes)");
        }
        if (u.type() + grows > quotas.totalBytes() * limits.maxStorePercent() / 100) {
            return full("records of type " + r.type() + " fill their share of this node's store ("
                    + limits.maxStorePercent() + "%)");
        }
        if (u.key() + grows > keyBudget) {
            return full("the key holds its maximum of " + keyBudget + " bytes");
        }
        boolean fair = quotas.keyShareDivisor() > 1;
        if (fair && (u.keyBySource() + grows > share || u.keyByOwner() + grows > share)) {
            return full("this sender holds its share of the key (" + share + " bytes); room is kept for others");
        }
        boolean heavy = u.keyBySource() + grows > light || u.keyByOwner() + grows > light;
        if (fair && heavy && u.key() + grows > unreserved) {
            return full("the key's last quarter is kept for senders that hold little under it");
        }
        if (u.owner() + grows > quotas.perOwnerBytes()) {
            return full("the owner holds the maximum of " + quotas.perOwnerBytes() + " bytes on this node");
        }
        if (u.source() + grows > quotas.perSourceBytes()) {
            return full("the source stored the maximum of " + quotas.perSourceBytes() + " bytes on this node");
        }
        return Optional.empty();
    }

    private static Optional<Acceptance> full(String detail) {
        return refuse(RejectionReason.QUOTA_EXCEEDED, detail);
    }

    private static Optional<Acceptance> refuse(RejectionReason reason, String detail) {
        return Optional.of(Acceptance.refused(reason, detail));
    }

    /** The unexpired records under a key, in paging order. */
    public List<SignedRecord> live(DhtKey key) {
        return liveRecords(key, scheduler.now());
    }

    private List<SignedRecord> liveRecords(DhtKey key, Instant now) {
        List<SignedRecord> out = new ArrayList<>();
        for (StoredRecord s : store.get(key)) {
            if (!s.isExpired(now)) {
                out.add(s.record());
            }
        }
        out.sort(PAGE_ORDER);
        return out;
    }

    /**
     * The records after {@code cursor} (empty = from the start) that fit {@code maxBytes} encoded
     * and {@code maxCount}; at least one record if any remains, so every page makes progress.
     */
    public RecordPage page(DhtKey key, byte[] cursor, int maxBytes, int maxCount) {
        List<SignedRecord> page = new ArrayList<>();
        int bytes = 0;
        byte[] next = new byte[0];
        for (SignedRecord r : live(key)) {
            if (cursor.length > 0 && Arrays.compareUnsigned(cursorOf(r), cursor) <= 0) {
                continue;
            }
            int size = RecordCodec.encodedSize(r) + 4;
            if (!page.isEmpty() && (bytes + size > maxBytes || page.size() == maxCount)) {
                next = cursorOf(page.get(page.size() - 1));
                break;
            }
            page.add(r);
            bytes += size;
        }
        return new RecordPage(page, next);
    }

    /** The unexpired records under a key with their expiry, for passing them on. */
    public List<StoredRecord> liveStored(DhtKey key) {
        Instant now = scheduler.now();
        List<StoredRecord> out = new ArrayList<>();
        for (StoredRecord s : store.get(key)) {
            if (!s.isExpired(now)) {
                out.add(s);
            }
        }
        return out;
    }

    /** Seconds until {@code s} expires, at least 1. */
    public long secondsLeft(StoredRecord s) {
        return Math.max(1, Duration.between(scheduler.now(), s.expiresAt()).toSeconds());
    }

    /** A snapshot of the keys this node holds records for. */
    public Set<DhtKey> keys() {
        return store.keys();
    }

    /**
     * Removes records expired more than {@link #REPLAY_GUARD} ago; returns how many. Until then an
     * expired record is served to nobody, but still refuses older versions of itself.
     */
    public int purgeExpired() {
        return store.purgeExpired(scheduler.now().minus(REPLAY_GUARD));
    }

    /** Bytes held, as the quotas count them. */
    public long totalBytes() {
        return store.usage(DhtKey.hash(""), new byte[32], "", "").total();
    }

    /** Number of records held. */
    public int size() {
        return store.size();
    }

    private static byte[] cursorOf(SignedRecord r) {
        byte[] owner = r.ownerPublicKey();
        byte[] slot = r.slot();
        byte[] c = Arrays.copyOf(owner, owner.length + slot.length);
        System.arraycopy(slot, 0, c, owner.length, slot.length);
        return c;
    }
}
