package io.confchat.chat.internal.history;

import io.confchat.api.Dht;
import io.confchat.api.DhtKey;
import io.confchat.api.LookupOptions;
import io.confchat.api.ReplicaAnswer;
import io.confchat.api.SignedRecord;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.records.DurablePut;
import io.confchat.chat.internal.records.RecordKeys;
import io.confchat.chat.internal.records.RecordTypes;
import io.confchat.dht.time.Scheduler;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The user's key backup of each group it holds (record type {@code group-keys}): one record per
 * group, sealed and signed as the chat list is ({@link PrivateRecords}: ChaCha20-Poly1305 under a
 * key derived from the storage key, the record's key, type and slot as additional data, signed by
 * the identity key), under a key derived from the storage key and the group id, so nobody else
 * can read it, tell whose it is, or write one the user would open. What it holds is the group
 * code's ({@code GroupBackupCodec}); this class only stores and finds the sealed bytes.
 *
 * <p>A read takes, of every replica's versions that open, the one of the highest sequence number;
 * a write puts the next sequence number after the highest seen, and at least the writer's clock in
 * milliseconds: a write after a read that found nothing (the storing nodes withheld the backup, or
 * did not answer) still goes above every backup written before it (a leave's tombstone must not
 * stay below the backup it replaces). Writes of one group run one at a time. Thread-safe.
 */
public final class GroupKeysStore {
    /** Largest plaintext of a backup (about 41 KiB for a group of 100 at the most chains). */
    public static final int MAX_PLAINTEXT_BYTES = 48 * 1024;

    private final Dht dht;
    private final SecureRandom random;
    private final Scheduler clock;
    private final Map<DhtKey, FutureQueue> writes = new ConcurrentHashMap<>();

    /** @param clock the writer's clock, a floor of each write's sequence number */
    public GroupKeysStore(Dht dht, SecureRandom random, Scheduler clock) {
        this.dht = dht;
        this.random = random;
        this.clock = clock;
    }

    /** A backup as read: its plaintext and its sequence number. */
    public record Stored(byte[] plaintext, long seq) {}

    /**
     * The newest backup of group {@code groupIdHex} that {@code me} wrote, if any replica holds
     * one; records of another owner, tampered ones and ones over {@link #MAX_PLAINTEXT_BYTES} are
     * skipped.
     */
    public CompletableFuture<Optional<Stored>> read(Account me, String groupIdHex) {
        return dht.answers(key(me, groupIdHex), LookupOptions.standard()).thenApply(answers -> {
            Stored newest = null;
            for (ReplicaAnswer answer : answers) {
                for (SignedRecord r : answer.records()) {
                    if (!r.type().equals(RecordTypes.GROUP_KEYS)
                            || (newest != null && Long.compareUnsigned(r.seq(), newest.seq()) <= 0)) {
                        continue;
                    }
                    Optional<byte[]> plain = PrivateRecords.open(me, r);
                    if (plain.isPresent() && plain.get().length <= MAX_PLAINTEXT_BYTES) {
                        newest = new Stored(plain.get(), r.seq());
                    }
                }
            }
            return Optional.ofNullable(newest);
        });
    }

    /**
     * Stores {@code plaintext} as the group's backup, with a sequence number above every version
     * the replicas hold (read first).
     *
     * @throws IllegalArgumentException if {@code plaintext} is over {@link #MAX_PLAINTEXT_BYTES}
     */
    public CompletableFuture<Void> write(Account me, String groupIdHex, byte[] plaintext) {
        if (plaintext.length > MAX_PLAINTEXT_BYTES) {
            throw new IllegalArgumentException(
                    "a group key backup of " + plaintext.length + " bytes, over " + MAX_PLAINTEXT_BYTES);
        }
        DhtKey key = key(me, groupIdHex);
        byte[] copy = plaintext.clone();
        return writes.computeIfAbsent(key, k -> new FutureQueue())
                .enqueue(() -> read(me, groupIdHex).thenCompose(before -> {
                    long seq = Math.max(
                            before.map(Stored::seq).orElse(0L) + 1, clock.now().toEpochMilli());
                    SignedRecord record =
                            PrivateRecords.seal(me, key, RecordTypes.GROUP_KEYS, new byte[0], seq, copy, random);
                    return DurablePut.put(dht, record).thenApply(x -> (Void) null);
                }));
    }

    private static DhtKey key(Account me, String groupIdHex) {
        return RecordKeys.groupKeys(me.storageKey(), groupIdHex);
    }
}
