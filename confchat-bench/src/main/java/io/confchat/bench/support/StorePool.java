package io.confchat.bench.support;

import io.confchat.api.DhtKey;
import io.confchat.api.SignedRecord;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.record.RecordSigner;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Random;

/**
 * Fresh records for store benchmarks, signed ahead of time so a measured store does not include
 * the client's own signing (about 85 us): a caller tops the pool up between iterations.
 *
 * <p>Records cycle through {@value #KEYS} keys {@code bench/store/<j>} with a rising sequence
 * number, so every store is a new signed record (each storing node verifies it) yet the network
 * holds at most {@value #KEYS} x k of them however long the benchmark runs: a higher sequence
 * number replaces the copy a node holds. Round-robin keys keep two stores of one key thousands of
 * operations apart, so they never race. Not thread-safe: one benchmark thread takes records.
 */
public final class StorePool {
    /** Distinct keys the stores cycle through. */
    public static final int KEYS = 4096;

    private static final int OWNERS = 256;

    private final RecordSigner[] owners = new RecordSigner[OWNERS];
    private final DhtKey[] keys = new DhtKey[KEYS];
    private final long[] nextSeq = new long[KEYS];
    private final ArrayDeque<SignedRecord> ready = new ArrayDeque<>();
    private final Random random;
    private final int payloadBytes;
    private int nextKey;
    private long signedInline;

    public StorePool(int payloadBytes, Random random) {
        this.payloadBytes = payloadBytes;
        this.random = random;
        SecureRandom secure = new SecureRandom();
        for (int i = 0; i < OWNERS; i++) {
            owners[i] = new RecordSigner(Ed25519KeyPair.generate(secure));
        }
        for (int j = 0; j < KEYS; j++) {
            keys[j] = DhtKey.hash("bench/store/" + j);
            nextSeq[j] = 1;
        }
    }

    /** Signs records until at least {@code count} are ready. */
    public void topUp(int count) {
        while (ready.size() < count) {
            ready.add(sign());
        }
    }

    /** The next record: a ready one, or one signed now (counted) when the pool ran dry. */
    public SignedRecord next() {
        SignedRecord r = ready.poll();
        if (r == null) {
            signedInline++;
            return sign();
        }
        return r;
    }

    /** Records that had to be signed inside a measured operation because the pool was empty. */
    public long signedInline() {
        return signedInline;
    }

    private SignedRecord sign() {
        int j = nextKey;
        nextKey = (nextKey + 1) % KEYS;
        byte[] payload = new byte[payloadBytes];
        random.nextBytes(payload);
        return owners[j % OWNERS].sign(keys[j], "note", new byte[0], nextSeq[j]++, 3600, payload);
    }
}
