package io.confchat.dht.store;

import io.confchat.api.DhtKey;
import io.confchat.api.SignedRecord;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.record.RecordSigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;

/**
 * The child process of {@link MvStoreRecordStoreKillIT}: puts records one by one and prints {@code
 * acked <i>} after each put returns, like a node acknowledging a STORE. It never closes the store;
 * it waits to be killed, and halts by itself after a minute so no orphan outlives a broken test.
 *
 * <p>Arguments: the store file, the number of records.
 */
final class StoreWriterMain {
    static final Instant RECEIVED_BASE = Instant.parse("2026-11-24T10:00:00Z");
    static final long TTL_SECONDS = 3600;

    private StoreWriterMain() {}

    static DhtKey key(int i) {
        return DhtKey.hash("kill-test/" + i);
    }

    static byte[] slot(int i) {
        return ("slot-" + i).getBytes(StandardCharsets.UTF_8);
    }

    /** A few hundred bytes, different for every index. */
    static byte[] payload(int i) {
        return ("payload-" + i + "-").repeat(20).getBytes(StandardCharsets.UTF_8);
    }

    static Instant receivedAt(int i) {
        return RECEIVED_BASE.plusMillis(i);
    }

    public static void main(String[] args) throws InterruptedException {
        Path file = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        RecordSigner signer = new RecordSigner(Ed25519KeyPair.generate(new SecureRandom()));
        RecordStore store = MvStoreRecordStore.open(file);
        for (int i = 0; i < count; i++) {
            SignedRecord r = signer.sign(key(i), "note", slot(i), i + 1L, TTL_SECONDS, payload(i));
            Instant received = receivedAt(i);
            store.put(new StoredRecord(r, received, received.plusSeconds(TTL_SECONDS), "local"));
            System.out.println("acked " + i);
            System.out.flush();
        }
        System.out.println("done");
        System.out.flush();
        Thread.sleep(60_000);
        Runtime.getRuntime().halt(3); // never close: the test is about dying with the store open
    }
}
