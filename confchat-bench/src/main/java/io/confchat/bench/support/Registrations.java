package io.confchat.bench.support;

import io.confchat.api.DhtKey;
import io.confchat.api.LookupOptions;
import io.confchat.api.PutResult;
import io.confchat.api.SignedRecord;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.record.RecordSigner;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A registration workload for the large simulation: {@code users} user-like records (a 1 KiB
 * payload under {@code H("user/<name>")}, each signed by its own key, as an account is) put with
 * {@link LookupOptions#sensitive()} from random nodes, then name look-ups of random users, also
 * sensitive. Reports success rates, messages per registration and per look-up, and what each node
 * stores (records and bytes). The chat layer's directory records can replace these records
 * without changing the measurement (docs/dht-hardening.md, directory for 1,000,000 users).
 */
public final class Registrations {
    static final int PAYLOAD_BYTES = 1_024;
    static final int BATCH = 50;

    private Registrations() {}

    /** Registers {@code users} users and looks up {@code lookups} of them; adds the figures to {@code out}. */
    public static void run(
            SimulatedDht dht, int users, int lookups, Random random, Awaiter await, Map<String, Object> out) {
        SecureRandom keys = new SecureRandom();
        List<SignedRecord> records = new ArrayList<>(users);
        for (int i = 0; i < users; i++) {
            byte[] payload = new byte[PAYLOAD_BYTES];
            random.nextBytes(payload);
            records.add(new RecordSigner(Ed25519KeyPair.generate(keys))
                    .sign(DhtKey.hash("user/u" + i), "user", new byte[0], 1, 86_400, payload));
        }
        long datagrams0 = dht.network().datagramsSent();
        RequestCounter.Snapshot requests0 = dht.requests().snapshot();
        int registered = 0;
        for (int start = 0; start < users; start += BATCH) {
            List<CompletableFuture<PutResult>> puts = new ArrayList<>();
            for (int i = start; i < Math.min(users, start + BATCH); i++) {
                KademliaNode from = dht.nodes().get(random.nextInt(dht.nodes().size()));
                puts.add(from.put(records.get(i), LookupOptions.sensitive()));
            }
            for (CompletableFuture<PutResult> p : puts) {
                try {
                    if (await.await(p).stored() > 0) {
                        registered++;
                    }
                } catch (CompletionException | AssertionError e) {
                    // counted as a failed registration
                }
            }
        }
        RequestCounter.Snapshot regRequests = dht.requests().snapshot().minus(requests0);
        long regDatagrams = dht.network().datagramsSent() - datagrams0;
        int found = 0;
        RequestCounter.Snapshot lookups0 = dht.requests().snapshot();
        for (int i = 0; i < lookups; i++) {
            SignedRecord want = records.get(random.nextInt(users));
            KademliaNode from = dht.nodes().get(random.nextInt(dht.nodes().size()));
            try {
                if (await.await(from.get(want.key(), LookupOptions.sensitive())).contains(want)) {
                    found++;
                }
            } catch (CompletionException | AssertionError e) {
                // counted as a failed look-up
            }
        }
        RequestCounter.Snapshot lookupRequests = dht.requests().snapshot().minus(lookups0);
        long[] bytes = dht.nodes().stream()
                .mapToLong(KademliaNode::storedBytes)
                .sorted()
                .toArray();
        out.put("users", users);
        out.put("registrationSuccessRate", (double) registered / users);
        out.put("requestsPerRegistration", (double) regRequests.total() / users);
        out.put("datagramsPerRegistration", (double) regDatagrams / users);
        out.put("nameLookups", lookups);
        out.put("nameLookupSuccessRate", lookups == 0 ? 1.0 : (double) found / lookups);
        out.put("requestsPerNameLookup", lookups == 0 ? 0.0 : (double) lookupRequests.total() / lookups);
        out.put(
                "storedBytesPerNodeMean",
                java.util.Arrays.stream(bytes).average().orElse(0));
        out.put("storedBytesPerNodeMax", bytes.length == 0 ? 0 : bytes[bytes.length - 1]);
        out.put(
                "storedRecordsPerNodeMean",
                dht.nodes().stream()
                        .mapToInt(KademliaNode::storedRecordCount)
                        .average()
                        .orElse(0));
    }
}
